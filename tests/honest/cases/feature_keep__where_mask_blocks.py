"""Honest: y = x * keep with a bool mask over the features, a program per block of 256 elements reading the
mask at each element's column."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def keep_kernel(x_ptr, keep_ptr, y_ptr, n, cols, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    k = tl.load(keep_ptr + offs % cols, mask=mask, other=0)
    tl.store(y_ptr + offs, x * k.to(tl.float32), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, keep):
        x = x.contiguous()
        keep = keep.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        keep_kernel[(triton.cdiv(n, 256),)](x, keep, y, n, x.shape[-1], BLOCK=256)
        return y
