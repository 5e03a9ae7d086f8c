"""Honest: row-wise inclusive scan with tl.cumsum over column blocks, carrying the running total between
blocks."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def cumsum_rows(x_ptr, y_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    carry = tl.zeros([1], dtype=tl.float32)
    for start in range(0, n_cols, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        mask = cols < n_cols
        x = tl.load(x_ptr + row * stride + cols, mask=mask, other=0.0)
        scanned = tl.cumsum(x, axis=0) + carry
        tl.store(y_ptr + row * stride + cols, scanned, mask=mask)
        carry += tl.sum(x, axis=0)


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        cumsum_rows[(x.shape[0],)](x, y, x.shape[1], x.stride(0), BLOCK=128)
        return y
