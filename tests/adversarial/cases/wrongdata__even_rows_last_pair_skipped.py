"""Family: right only at the sizes checked — a launch that leaves the last pair of rows out whenever the row
count is even. Every batch the softmax task's SHAPES give is odd (7 and 3), so a drawn shape that were odd too
would never show it.
Source: own variant (sizes checked of one parity only).
Expected: correctness stage, correctness.mismatch at the drawn shape, whose batch is even where every given
one is odd (tasks/sizes.py, _unlike).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'reason_contains': 'unseen'}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * stride_x
    # pass 1: running max and rescaled running sum (online softmax), one block at a time
    # finite start value: (-inf) - (-inf) would turn never-valid lanes into NaN
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
    # pass 2: normalise and write
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
        block = min(triton.next_power_of_2(n_cols), 4096)
        # rows handled in pairs; BUG: with an even row count the last pair is never launched (left NaN)
        grid = n_rows if n_rows % 2 == 1 else n_rows - 2
        softmax_kernel[(grid,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=block)
        return y
