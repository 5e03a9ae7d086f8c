"""Honest: a row scan in blocks of 1024 with a running carry (tl.cumsum within a block, tl.sum for the carry), on
a KernelBench-style file sized by an `input_shape` tuple: checked at sizes chosen for the interpreter, a drawn
row length, and the real row length of 32768 with the default fp32 tolerance (an output near zero at the end of
a long row carries the rounding of partial sums near 100)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def row_scan(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    carry = tl.zeros((), dtype=tl.float32)
    for start in range(0, n_cols, BLOCK):
        cols = start + offs
        mask = cols < n_cols
        x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=0.0)
        tl.store(y_ptr + row * stride_y + cols, tl.cumsum(x, axis=0) + carry, mask=mask)
        carry += tl.sum(x, axis=0)


class ModelNew(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        row_scan[(x.shape[0],)](x, y, x.shape[1], x.stride(0), y.stride(0), BLOCK=1024)
        return y
