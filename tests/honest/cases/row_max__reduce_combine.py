"""Honest: row max and argmax with tl.reduce over (value, index) pairs and a custom @triton.jit combine
function (ties to the lower index), masked lanes loaded as float("-inf"), the two outputs returned as a
tuple."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _argmax_combine(value1, index1, value2, index2):
    gt = value1 > value2
    eq = value1 == value2
    take1 = gt | (eq & (index1 < index2))
    value = tl.where(take1, value1, value2)
    index = tl.where(take1, index1, index2)
    return value, index


@triton.jit
def row_argmax_kernel(x_ptr, val_ptr, idx_ptr, n_cols, stride_row, BLOCK_N: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK_N)
    x = tl.load(x_ptr + row * stride_row + cols, mask=cols < n_cols, other=float("-inf"))
    value, index = tl.reduce((x, cols), 0, _argmax_combine)
    tl.store(val_ptr + row, value)
    tl.store(idx_ptr + row, index.to(tl.int64))


class ModelNew(nn.Module):
    def forward(self, x):
        n_rows, n_cols = x.shape
        values = torch.empty(n_rows, device=x.device, dtype=x.dtype)
        indices = torch.empty(n_rows, device=x.device, dtype=torch.int64)
        row_argmax_kernel[(n_rows,)](x, values, indices, n_cols, x.stride(0),
                                     BLOCK_N=triton.next_power_of_2(n_cols))
        return values, indices
