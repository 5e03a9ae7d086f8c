"""Honest: log of the magnitude floored at the input dtype's epsilon, read on the host with
`torch.finfo(x.dtype).eps` and passed to the kernel as a scalar, flat blocks of 1024."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def log_magnitude(x_ptr, y_ptr, n, floor, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=1.0)
    tl.store(y_ptr + offs, tl.log(tl.maximum(tl.abs(x), floor)), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        if n:
            log_magnitude[(triton.cdiv(n, 1024),)](x, y, n, torch.finfo(x.dtype).eps, BLOCK=1024)
        return y
