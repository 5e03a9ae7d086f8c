"""Honest: a four-pass softmax whose glue frees a scratch buffer before the next allocation, as host code
that keeps its peak memory down does: the row maxima go into a buffer made with torch.full, which is dropped
once the shifted exponentials are written; the row sums then go into a new torch.zeros buffer of the same
size (on a GPU, the caching allocator hands it the freed block), and the output is allocated last.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _row_max(x_ptr, out_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + row * stride + cols, mask=cols < n_cols, other=float("-inf"))
    tl.store(out_ptr + row, tl.max(x, axis=0))


@triton.jit
def _shift_exp(x_ptr, max_ptr, e_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride + cols, mask=mask, other=float("-inf"))
    tl.store(e_ptr + row * n_cols + cols, tl.exp(x - tl.load(max_ptr + row)), mask=mask)


@triton.jit
def _row_sum(e_ptr, sum_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    e = tl.load(e_ptr + row * n_cols + cols, mask=cols < n_cols, other=0.0)
    tl.store(sum_ptr + row, tl.sum(e, axis=0))


@triton.jit
def _divide(e_ptr, sum_ptr, y_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    e = tl.load(e_ptr + row * n_cols + cols, mask=mask, other=0.0)
    tl.store(y_ptr + row * n_cols + cols, e / tl.load(sum_ptr + row), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        rows, cols = x.shape
        block = triton.next_power_of_2(cols)
        scale = torch.full((rows,), float("-inf"), device=x.device, dtype=torch.float32)
        _row_max[(rows,)](x, scale, cols, x.stride(0), BLOCK=block)
        shifted = torch.empty((rows, cols), device=x.device, dtype=torch.float32)
        _shift_exp[(rows,)](x, scale, shifted, cols, x.stride(0), BLOCK=block)
        del scale
        sums = torch.zeros((rows,), device=x.device, dtype=torch.float32)
        _row_sum[(rows,)](shifted, sums, cols, BLOCK=block)
        y = torch.empty_like(x)
        _divide[(rows,)](shifted, sums, y, cols, BLOCK=block)
        return y
