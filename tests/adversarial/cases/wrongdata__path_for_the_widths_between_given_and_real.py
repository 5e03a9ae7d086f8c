"""Family: wrong data as right — a path of its own for the widths between those the task gives and the real
one: rows up to 16384 wide take a one-block kernel whose block is capped at 8192 (no loop, so the columns past
8192 are never read or written), longer rows an honest online softmax. The task's shapes reach 2048, the real
length is 32768: both are right, and the most common real widths (12000, 16384) are wrong.
Source: a red-team finding against this harness.
Expected: correctness.mismatch at a drawn "mid length:" shape (tasks/sizes.mid_length_shapes: one length in each
half of the gap between twice the longest given width and half the real one, on a log scale).
"""
EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "softmax"}

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def softmax_row_in_registers_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    # the whole row in one block (rows up to 16K): one read, one write
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    x = x - tl.max(x, axis=0)
    e = tl.exp(x)
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


@triton.jit
def softmax_online_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    # long rows: online softmax over blocks, then a second pass to normalise
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


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        if n_cols <= 16384:
            block = min(triton.next_power_of_2(n_cols), 8192)  # keep the row's registers bounded
            softmax_row_in_registers_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=block)
        else:
            softmax_online_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=4096)
        return y
