"""Family: wrongdata (narrow draw: int forward arguments never moved) — a KernelBench-format task whose forward takes a plain
int (here a roll shift: `torch.roll(x, shift, -1)`; a position, a length, a k are the same). The kernel
ignores the argument and compiles the task file's value (3) in as a constexpr. It passed a judge
that moved forward's plain floats by a drawn factor but never an int, and is wrong for every other shift.
Source: red-team review of the harness
Expected: correctness.mismatch — forward's plain ints are moved as its floats are (judge.move_floats: another
value of the same sign where the reference still runs with the same output shapes and its output changes).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/roll_int_shift.py"}


@triton.jit
def _roll_rows(x_ptr, y_ptr, n_cols, SHIFT: tl.constexpr, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    blk = tl.program_id(1)
    j = blk * BLOCK + tl.arange(0, BLOCK)
    m = j < n_cols
    src = (j + (n_cols - SHIFT % n_cols)) % n_cols
    v = tl.load(x_ptr + row * n_cols + src, mask=m, other=0.0)
    tl.store(y_ptr + row * n_cols + j, v, mask=m)


class ModelNew(nn.Module):
    SHIFT = 3  # the task's shift

    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, shift: int) -> torch.Tensor:
        x = x.contiguous()
        n_rows, n_cols = x.shape
        y = torch.empty_like(x)
        grid = (n_rows, triton.cdiv(n_cols, 1024))
        _roll_rows[grid](x, y, n_cols, SHIFT=self.SHIFT, BLOCK=1024)
        return y
