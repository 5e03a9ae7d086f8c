"""Honest: clamp with tl.clamp on a 2-D grid of row and column blocks, the strides passed with *x.stride()
and the grid a tuple built in host code, float bounds as runtime scalars."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def clamp_kernel(x_ptr, y_ptr, n_rows, n_cols, stride_xr, stride_xc, stride_yr, stride_yc, low, high,
                 BLOCK_R: tl.constexpr, BLOCK_C: tl.constexpr):
    r = tl.program_id(0) * BLOCK_R + tl.arange(0, BLOCK_R)
    c = tl.program_id(1) * BLOCK_C + tl.arange(0, BLOCK_C)
    mask = (r[:, None] < n_rows) & (c[None, :] < n_cols)
    x = tl.load(x_ptr + r[:, None] * stride_xr + c[None, :] * stride_xc, mask=mask, other=0.0)
    y = tl.clamp(x, low, high)
    tl.store(y_ptr + r[:, None] * stride_yr + c[None, :] * stride_yc, y, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, low: float, high: float):
        super().__init__()
        self.low = low
        self.high = high

    def forward(self, x):
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        BLOCK_R, BLOCK_C = 4, 256
        grid = (triton.cdiv(n_rows, BLOCK_R), triton.cdiv(n_cols, BLOCK_C))
        clamp_kernel[grid](x, y, *x.shape, *x.stride(), *y.stride(), self.low, self.high, BLOCK_R=BLOCK_R,
                           BLOCK_C=BLOCK_C)
        return y
