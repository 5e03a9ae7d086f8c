"""Family: wrong data as right — a column cumsum walking the rows in a loop nest flattened with
`tl.range(..., flatten=True, num_stages=3)`: the carry stays in registers within a block of rows and is read back
from the output row stored just before at the first row of each block. Compiled for sm_90 the nest is one loop,
software-pipelined: that load is an asynchronous copy issued two flattened iterations ahead, before the store
of the previous block's last row, which the interpreter runs first.
Source: a pipelined read-back across the boundary of a flattened inner loop; own variant.
Expected: correctness.race: the loops inside a flattened loop count their iterations and stores as one loop.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'tests/adversarial/tasks/column_cumsum.py',
          'reason_contains': 'pipeliner'}


@triton.jit
def column_scan(x_ptr, y_ptr, R, C, sx, sy, ROWS: tl.constexpr, COLS: tl.constexpr):
    cols = tl.program_id(0) * COLS + tl.arange(0, COLS)
    inside = cols < C
    run = tl.zeros((COLS,), dtype=tl.float32)
    for blk in tl.range(0, tl.cdiv(R, ROWS), flatten=True, num_stages=3):
        for r in tl.range(0, ROWS):
            row = blk * ROWS + r
            restart = (r == 0) & (row > 0)
            above = tl.load(y_ptr + (row - 1) * sy + cols, mask=inside & restart, other=0.0)
            run = tl.where(restart, above, run)
            run = run + tl.load(x_ptr + row * sx + cols, mask=inside & (row < R), other=0.0)
            tl.store(y_ptr + row * sy + cols, run, mask=inside & (row < R))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        R, C = x.shape
        y = torch.empty_like(x)
        column_scan[(triton.cdiv(C, 64),)](x, y, R, C, x.stride(0), y.stride(0), ROWS=8, COLS=64)
        return y
