"""Honest: Unsloth/fast_lora-style output dtype selection in forward: `torch.is_autocast_enabled()` and
`torch.get_autocast_gpu_dtype()` read (not changed) to pick the store dtype, fp32 math in the kernel."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def relu_sq_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0).to(tl.float32)
    r = tl.maximum(x, 0.0)
    tl.store(y_ptr + offs, (r * r).to(y_ptr.dtype.element_ty), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        dtype = x.dtype
        if torch.is_autocast_enabled():
            dtype = torch.get_autocast_gpu_dtype()
        y = torch.empty(x.shape, dtype=dtype, device=x.device)
        n = x.numel()
        relu_sq_kernel[(triton.cdiv(n, 512),)](x, y, n, BLOCK=512)
        return y
