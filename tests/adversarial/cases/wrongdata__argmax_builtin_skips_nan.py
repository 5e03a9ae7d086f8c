"""Family: wrong data as right — a NaN-skipping argmax written as a bare `tl.argmax`. The interpreter answers
tl.argmax with NumPy's nanargmax, which skips NaN: exactly the task. Compiled, tl.argmax is Triton's combine
(`v1 > v2`, ties to the lower index) folded per thread and then across lanes; every comparison with NaN is
false, so a NaN on the right of a step replaces the running maximum and one on the left is dropped: the index
depends on where the NaNs sit, not on the values.
Source: an interpreter shortcut for a built-in reduction that differs from the compiled combine; own variant.
Expected: correctness.mismatch: with NaN present, tl.argmax runs Triton's combine in the lowering's order.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'tests/adversarial/tasks/row_nanargmax.py'}


@triton.jit
def row_argmax(x_ptr, out_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + row * n_cols + cols, mask=cols < n_cols, other=-float("inf"))
    tl.store(out_ptr + row, tl.argmax(x, axis=0).to(tl.int64))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n_rows, n_cols = x.shape
        out = torch.empty(n_rows, dtype=torch.int64, device=x.device)
        row_argmax[(n_rows,)](x, out, n_cols, BLOCK=triton.next_power_of_2(n_cols))
        return out
