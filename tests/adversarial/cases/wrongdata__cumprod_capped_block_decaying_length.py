"""Family: wrongdata. A row cumprod in one block capped at 4096 columns, with no loop: every column past 4096 is
never written. The task's SHAPES stop at 3000 columns, and the real row (32768) was not checked: whether a length
is scanned over was probed at 4001 columns, where the product of values in [0, 1) has underflowed to 0 long
before the last column, so the last output did not change with the first input and the length looked
elementwise.
Source: KernelBench's 90_cumprod; tasks/sizes.reduction_globals (a dependence that decays along the length).
Expected: correctness at the real row length, which the judge now finds with a second, short probe (33 columns,
whose ends no window of 16 or fewer links).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.', 'task': 'tests/adversarial/tasks/row_cumprod.py',
          'reason_contains': 'length', 'timeout_s': 300}


@triton.jit
def row_cumprod(x_ptr, y_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * n_cols + cols, mask=mask, other=1.0)
    tl.store(y_ptr + row * n_cols + cols, tl.cumprod(x, axis=0), mask=mask)


class ModelNew(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        rows, cols = x.shape
        row_cumprod[(rows,)](x, y, cols, BLOCK=min(triton.next_power_of_2(cols), 4096), num_warps=8)
        return y
