"""Family: wrong data as right — a softmax over four rows per program that stores each row's max (a
`tl.max(axis=1)` result) to a scratch vector and loads it straight back at the same offsets. The compile for
sm_90 converts the max to a line layout for the store (thread i of warp 0 stores row i's max) and loads it
back in the reduction's slice layout, where every thread of the program holds all four maxima: threads of
the other warps read what warp 0 stored, with no bar.sync between the st.global and the ld.global, and may
see the uninitialised scratch (a wrong shift: inf, NaN or 0 rows).
Source: red-team review — the layout check computed blocked layouts only; a slice's elements are held by
every thread along the sliced dimension.
Expected: correctness stage, correctness.race: the read-back positions held against the store's layout and
the load's slice, each element loaded by threads other than the one that stored it.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'reason_contains': 'a slice along dimension 1'}


@triton.jit
def softmax_four_rows(x_ptr, y_ptr, scratch_ptr, n_rows, n_cols, stride, ROWS: tl.constexpr, BLOCK: tl.constexpr):
    rows = tl.program_id(0) * ROWS + tl.arange(0, ROWS)
    live = rows < n_rows
    cols = tl.arange(0, BLOCK)
    m = tl.full([ROWS, BLOCK], -1e30, tl.float32)
    for start in range(0, n_cols, BLOCK):
        inside = live[:, None] & (start + cols[None, :] < n_cols)
        x = tl.load(x_ptr + rows[:, None] * stride + start + cols[None, :], mask=inside, other=float("-inf"))
        m = tl.maximum(m, x)
    tl.store(scratch_ptr + rows, tl.max(m, axis=1), mask=live)
    row_max = tl.load(scratch_ptr + rows, mask=live, other=0.0)
    s = tl.zeros([ROWS, BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        inside = live[:, None] & (start + cols[None, :] < n_cols)
        x = tl.load(x_ptr + rows[:, None] * stride + start + cols[None, :], mask=inside, other=float("-inf"))
        s += tl.where(inside, tl.exp(x - row_max[:, None]), 0.0)
    denom = tl.sum(s, axis=1)
    for start in range(0, n_cols, BLOCK):
        inside = live[:, None] & (start + cols[None, :] < n_cols)
        x = tl.load(x_ptr + rows[:, None] * stride + start + cols[None, :], mask=inside, other=float("-inf"))
        tl.store(y_ptr + rows[:, None] * stride + start + cols[None, :],
                 tl.exp(x - row_max[:, None]) / denom[:, None], mask=inside)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        rows, cols = x.shape
        scratch = torch.empty((rows,), dtype=torch.float32, device=x.device)
        softmax_four_rows[(triton.cdiv(rows, 4),)](x, y, scratch, rows, cols, x.stride(0), ROWS=4,
                                                   BLOCK=min(triton.next_power_of_2(cols), 1024), num_warps=4)
        return y
