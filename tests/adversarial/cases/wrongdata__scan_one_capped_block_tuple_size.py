"""Family: wrongdata. A row scan done in one block whose width is capped at 16384, with no loop over blocks: every
column past 16384 is never written. The task sizes its rows with a tuple, `input_shape = (32768,)`, and has no
SHAPES, so on a CPU the judge checks sizes chosen for the interpreter (rows of about 4096); the drawn shape and
the real-length check varied integer globals only, so no checked row was longer than the cap and it passed.
Source: KernelBench's tuple size globals (`input_shape = (4000,)` in its scan problems); tasks/sizes.py.
Expected: correctness.mismatch at a row length past the cap, which the judge now finds element by element in
the tuple: a drawn length between the given ones and the real one (`mid length: input_shape[0]=...`), or the
real one (checked a little short of itself: `input_shape[0]=... (32768 less ...)`).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'tests/adversarial/tasks/row_scan_kb.py',
          'reason_contains': 'input_shape[0]=', 'timeout_s': 300}


@triton.jit
def row_scan(x_ptr, y_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride + cols, mask=mask, other=0.0)
    tl.store(y_ptr + row * stride + cols, tl.cumsum(x, axis=0), mask=mask)


class ModelNew(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.zeros_like(x)
        block = min(triton.next_power_of_2(x.shape[1]), 16384)
        row_scan[(x.shape[0],)](x, y, x.shape[1], x.stride(0), BLOCK=block)
        return y
