"""Family: shapes the check never reaches. A persistent softmax with a fixed grid of 528 programs (4 per SM of an
H100, a literal, no device query), each walking rows 528 apart, whose running max is set once, before the row
loop: a row after a program's first is shifted by the largest max of the rows before it, so a row far below
an earlier one gives 0/0. A program takes a second row only past 528 rows, which on a CPU only the
many-programs shape has; that shape was checked in one call, on one value family by rotation, and no 16-SM
look runs for a file that asks no device property. Now a call per family is made there too wherever the
largest launch has fewer programs than the output has rows.
Source: a red-team finding against this harness (a fixed persistent grid, the family that shows it never run
at the one shape where the loop iterates).
Expected: correctness.mismatch at the many-programs shape (inputs: falling_rows or large_logits).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "softmax",
          "reason_contains": "many programs"}

NUM_PROGS = 528


@triton.jit
def softmax_persistent(x_ptr, y_ptr, n_rows, n_cols, stride_x, stride_y, BLOCK: tl.constexpr,
                       NPROG: tl.constexpr):
    pid = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    m = tl.full([BLOCK], -1e30, tl.float32)  # set once per program, not once per row
    for row in range(pid, n_rows, NPROG):
        x_row = x_ptr + row * stride_x
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
        block = min(triton.next_power_of_2(n_cols), 4096)
        grid = (min(n_rows, NUM_PROGS),)
        softmax_persistent[grid](x, y, n_rows, n_cols, x.stride(0), y.stride(0), BLOCK=block, NPROG=NUM_PROGS)
        return y
