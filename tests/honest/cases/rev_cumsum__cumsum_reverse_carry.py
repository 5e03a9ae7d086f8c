"""Honest: reverse (suffix) cumulative sum with tl.cumsum(..., reverse=True): each program walks its row from
the last block to the first, carrying the sum of the blocks already done; the block loop counts down with
range(n_blocks - 1, -1, -1)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def suffix_sum_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    carry = tl.zeros((), dtype=tl.float32)
    n_blocks = tl.cdiv(n_cols, BLOCK)
    for b in range(n_blocks - 1, -1, -1):
        cols = b * BLOCK + offs
        mask = cols < n_cols
        x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=0.0)
        y = tl.cumsum(x, axis=0, reverse=True) + carry
        tl.store(y_ptr + row * stride_y + cols, y, mask=mask)
        carry += tl.sum(x, axis=0)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        rows, cols = x.shape
        y = torch.empty_like(x)
        suffix_sum_kernel[(rows,)](x, y, cols, x.stride(0), y.stride(0), BLOCK=min(1024, triton.next_power_of_2(cols)))
        return y
