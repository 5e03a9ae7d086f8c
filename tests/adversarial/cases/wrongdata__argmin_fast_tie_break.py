"""Family: wrong data as right — an argmin over the last axis with `tl.min(..., return_indices=True,
return_indices_tie_break_left=False)`, the "fast" tie-break, on a task that wants the first index among ties.
The interpreter answers it with NumPy's nanargmin, which always gives the first index. Compiled, the combine has
no tie term (`v1 < v2`, else the right operand), folded per thread and then across lanes, so a tie comes out as
a later index.
Source: an interpreter shortcut for a built-in reduction that differs from the compiled combine; own variant.
Expected: correctness.mismatch: the fast tie-break runs Triton's combine in the lowering's order.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'argmax'}


@triton.jit
def row_argmax_fast(x_ptr, out_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    best_v = float("inf")
    best_i = 0
    for start in range(0, n_cols, BLOCK):
        c = start + cols
        x = tl.load(x_ptr + row * n_cols + c, mask=c < n_cols, other=-float("inf"))
        # argmax as the argmin of the negation, with the fast tie-break; an earlier block keeps a tie
        v, i = tl.min(-x, axis=0, return_indices=True, return_indices_tie_break_left=False)
        better = v < best_v
        best_i = tl.where(better, start + i, best_i)
        best_v = tl.where(better, v, best_v)
    tl.store(out_ptr + row, best_i.to(tl.int64))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n_rows, n_cols = x.shape
        out = torch.empty(n_rows, dtype=torch.int64, device=x.device)
        row_argmax_fast[(n_rows,)](x.contiguous(), out, n_cols, BLOCK=min(triton.next_power_of_2(n_cols), 4096))
        return out
