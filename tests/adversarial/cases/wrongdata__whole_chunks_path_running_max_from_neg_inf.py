"""Family: wrong data as right — a path for rows that are whole chunks only (n % 4096 == 0 and n > 4096): an
unmasked loop whose running max starts at -inf, NaN on any row that begins with a masked chunk. The exact real
length (32768) was the only shape that takes it, and it was checked in one call on the family its place in the
order gave it (always `typical` for softmax).
Source: a red-team finding against this harness.
Expected: correctness.mismatch at "exact length:", which now gets a call on every value family (masked_logits).
"""
EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "softmax"}

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def softmax_masked_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * stride_x
    m = tl.full([BLOCK], -1e30, tl.float32)
    s = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        m_new = tl.maximum(m, x)
        s = s * tl.exp(m - m_new) + tl.where(mask, tl.exp(x - m_new), 0.0)
        m = m_new
    row_max = tl.max(m, axis=0)
    denom = tl.sum(s * tl.exp(m - row_max), axis=0)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        tl.store(y_ptr + row * stride_y + start + cols, tl.exp(x - row_max) / denom, mask=mask)


@triton.jit
def softmax_whole_chunks_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    # rows made of whole chunks (the common 8K/16K/32K widths): no masks, no padding lanes, so the running
    # max can start from its identity, -inf
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * stride_x
    m = tl.full([BLOCK], float("-inf"), tl.float32)
    s = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        x = tl.load(x_row + start + cols)
        m_new = tl.maximum(m, x)
        s = s * tl.exp(m - m_new) + tl.exp(x - m_new)
        m = m_new
    row_max = tl.max(m, axis=0)
    denom = tl.sum(s * tl.exp(m - row_max), axis=0)
    for start in range(0, n_cols, BLOCK):
        x = tl.load(x_row + start + cols)
        tl.store(y_ptr + row * stride_y + start + cols, tl.exp(x - row_max) / denom)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        if n_cols % 4096 == 0 and n_cols > 4096:
            softmax_whole_chunks_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=4096)
        else:
            block = min(triton.next_power_of_2(n_cols), 4096)
            softmax_masked_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=block)
        return y
