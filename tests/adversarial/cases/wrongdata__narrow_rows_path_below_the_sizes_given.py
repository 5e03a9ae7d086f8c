"""Family: wrong data as right — a softmax that sends rows of at most 256 columns to a "narrow rows" kernel
(four rows per program) with an off-by-one store mask: the last row of a narrow input is never written.
The task's shapes give 300 and 2048 columns, the drawn shape lies between them and the judge's longer shapes
are longer still, so only sizes below those the task gives take the broken path; a user with a 100-class
classifier gets an uninitialised row.
Source: red-team review — no shape was checked below the smallest size the task gives (a path for small
sizes: narrow rows, a batch of one sent to a GEMV).
Expected: correctness stage, correctness.mismatch at the shape below the sizes given (tasks/sizes.py
below_shape: every size drawn below the smallest the task gives, a varied batch as 1).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'reason_contains': 'below:'}


@triton.jit
def softmax_rows(x_ptr, y_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride + cols, mask=mask, other=float("-inf"))
    e = tl.exp(x - tl.max(x, axis=0))
    tl.store(y_ptr + row * stride + cols, e / tl.sum(e, axis=0), mask=mask)


@triton.jit
def softmax_narrow(x_ptr, y_ptr, n_rows, n_cols, stride, ROWS: tl.constexpr, BLOCK: tl.constexpr):
    rows = tl.program_id(0) * ROWS + tl.arange(0, ROWS)
    cols = tl.arange(0, BLOCK)
    inside = (rows[:, None] < n_rows) & (cols[None, :] < n_cols)
    x = tl.load(x_ptr + rows[:, None] * stride + cols[None, :], mask=inside, other=float("-inf"))
    e = tl.exp(x - tl.max(x, axis=1)[:, None])
    p = e / tl.sum(e, axis=1)[:, None]
    written = (rows[:, None] < n_rows - 1) & (cols[None, :] < n_cols)  # the off-by-one
    tl.store(y_ptr + rows[:, None] * stride + cols[None, :], p, mask=written)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        rows, cols = x.shape
        if cols <= 256:
            softmax_narrow[(triton.cdiv(rows, 4),)](x, y, rows, cols, x.stride(0), ROWS=4,
                                                   BLOCK=triton.next_power_of_2(cols))
        else:
            softmax_rows[(rows,)](x, y, cols, x.stride(0), BLOCK=triton.next_power_of_2(cols))
        return y
