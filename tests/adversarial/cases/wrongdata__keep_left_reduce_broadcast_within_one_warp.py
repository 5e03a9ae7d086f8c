"""Family: wrong data as right — a row's first element taken by `tl.reduce` with a combine that keeps its left
operand, then subtracted from the whole row. Folded left to right (or with lane 0's result given to every
element) that is x[row, 0]; on the GPU a reduction within one warp (num_warps=1 here) ends with every lane
holding its own butterfly's result, and no shared memory broadcasts one: lane t keeps the first element it
held itself, so `x - first` subtracts another element in most columns.
Source: a fidelity probe against this harness (the reduce's lane-0 value broadcast to every position).
Expected: correctness.mismatch: a one-warp reduction whose lanes disagree is broadcast back with each
element's own thread's result (interp_semantics._LaneResults).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/adversarial/tasks/row_minus_first.py"}


@triton.jit
def _left(a, b):
    return a


@triton.jit
def minus_first_kernel(x_ptr, y_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * n_cols + cols, mask=mask, other=0.0)
    first = tl.reduce(x, 0, _left)
    tl.store(y_ptr + row * n_cols + cols, x - first, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        rows, cols = x.shape
        y = torch.empty_like(x)
        minus_first_kernel[(rows,)](x, y, cols, BLOCK=max(32, triton.next_power_of_2(cols)), num_warps=1)
        return y
