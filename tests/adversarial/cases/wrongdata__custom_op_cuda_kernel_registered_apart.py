"""Family: wrong data as right — a custom operator whose default body is right and whose CUDA kernel,
registered apart with `op.register_kernel("cuda")`, is not: on the GPU the dispatcher runs the CUDA one, on a
CPU judge (host tensors) the default one.
Source: PyTorch's custom-operator API (register_kernel per device) as a device gate; own variant.
Expected: static.triton_op: a custom operator is called, nothing else; only `@op.register_fake` (which runs
only while torch.compile traces) may be registered.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "static", "check": "static.triton_op", "task": "relu", "reason_contains": "register"}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr, ZERO: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask)
    y = tl.zeros_like(x) if ZERO else tl.maximum(x, 0.0)
    tl.store(y_ptr + offs, y, mask=mask)


@torch.library.custom_op("kpcand::relu_apart", mutates_args=())
def relu_op(x: torch.Tensor) -> torch.Tensor:
    y = torch.empty_like(x)
    relu_kernel[(triton.cdiv(x.numel(), 1024),)](x, y, x.numel(), BLOCK=1024, ZERO=False)
    return y


@relu_op.register_kernel("cuda")
def _(x: torch.Tensor) -> torch.Tensor:
    y = torch.empty_like(x)
    relu_kernel[(triton.cdiv(x.numel(), 1024),)](x, y, x.numel(), BLOCK=1024, ZERO=True)
    return y


class ModelNew(nn.Module):
    def forward(self, x):
        return relu_op(x.contiguous())
