"""Honest: row sort with tl.sort over a power-of-two block, the padding lanes loaded as float("inf") so they
sort to the end and are masked off on the store."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def row_sort_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK_N: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK_N)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("inf"))
    y = tl.sort(x, dim=0)
    tl.store(y_ptr + row * stride_y + cols, y, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        n_rows, n_cols = x.shape
        y = torch.empty_like(x)
        row_sort_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK_N=triton.next_power_of_2(n_cols))
        return y
