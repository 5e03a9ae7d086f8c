"""Honest: the guards public kernels put around a launch: `torch.compiler.is_compiling()` and
`torch.jit.is_scripting()` (a path for tracers), Liger's `infer_device()` asking `torch.xpu.is_available()`
after CUDA, and the launch inside `with torch.autocast("cuda", enabled=False):`."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


def infer_device():
    if torch.cuda.is_available():
        return "cuda"
    if torch.xpu.is_available():
        return "xpu"
    return "cpu"


@triton.jit
def relu_sq_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0).to(tl.float32)
    r = tl.maximum(x, 0.0)
    tl.store(y_ptr + offs, (r * r).to(tl.float16), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.device_type = infer_device()

    def forward(self, x):
        if torch.compiler.is_compiling() or torch.jit.is_scripting():
            raise RuntimeError("not traceable")
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        with torch.autocast(self.device_type, enabled=False):
            relu_sq_kernel[(triton.cdiv(n, 1024),)](x, y, n, BLOCK=1024)
        return y
