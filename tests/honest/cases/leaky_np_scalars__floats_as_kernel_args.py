"""Honest: LeakyReLU times a temperature where the task gives both as numpy float32 scalars: converted with
`float()` and passed to the kernel as scalar arguments."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def leaky_scale(x_ptr, y_ptr, n, slope, scale, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    tl.store(y_ptr + offs, tl.where(x >= 0, x, x * slope) * scale, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, negative_slope):
        super().__init__()
        self.negative_slope = float(negative_slope)

    def forward(self, x, scale):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        leaky_scale[(triton.cdiv(n, 1024),)](x, y, n, self.negative_slope, float(scale), BLOCK=1024)
        return y
