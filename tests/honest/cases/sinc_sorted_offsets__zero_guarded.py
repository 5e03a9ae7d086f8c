"""Honest: sinc with the removable singularity at 0 guarded by tl.where, as torch.sinc defines it."""
import torch
import torch.nn as nn
import triton
import triton.language as tl



@triton.jit
def sinc_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=1.0)
    px = x * 3.141592653589793
    y = tl.where(x == 0.0, 1.0, tl.sin(px) / tl.where(x == 0.0, 1.0, px))
    tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, offsets):
        x = offsets.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        sinc_kernel[(triton.cdiv(n, 256),)](x, y, n, BLOCK=256)
        return y
