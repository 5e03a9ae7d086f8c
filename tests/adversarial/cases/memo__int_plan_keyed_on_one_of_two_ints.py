"""Family: memo — a launch plan cached per forward call, keyed on the first int argument only (shift_rows);
the second (shift_cols) is baked into the plan when the key is first seen. check_other_ints tries forward's
ints "all together and then each alone", but stops at the first try the reference takes: moving both shifts
at once is always taken for a roll, so the single call with other ints changes both, the key changes, a fresh
plan is built and the answer is right. The one-int-alone calls are never made. A caller who keeps shift_rows
and changes shift_cols (3, 6 after 3, 5) gets the stale column shift.
Source: red-team review of the harness
Expected: correctness.mismatch (check_other_ints should also make the each-alone calls, not only the first taken)
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/roll2d_two_shifts.py"}


@triton.jit
def _roll2d(x_ptr, y_ptr, n_rows, n_cols, sr, sc, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    src_row = (row - sr) % n_rows
    src_row = tl.where(src_row < 0, src_row + n_rows, src_row)
    for start in range(0, n_cols, BLOCK):
        c = start + tl.arange(0, BLOCK)
        m = c < n_cols
        src = (c - sc) % n_cols
        src = tl.where(src < 0, src + n_cols, src)
        v = tl.load(x_ptr + src_row * n_cols + src, mask=m)
        tl.store(y_ptr + row * n_cols + c, v, mask=m)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.plans = {}

    def forward(self, x, shift_rows, shift_cols):
        x = x.contiguous()
        rows, cols = x.shape
        if shift_rows not in self.plans:
            self.plans[shift_rows] = shift_cols
        sc = self.plans[shift_rows]
        y = torch.empty_like(x)
        _roll2d[(rows,)](x, y, rows, cols, shift_rows, sc, BLOCK=256)
        return y
