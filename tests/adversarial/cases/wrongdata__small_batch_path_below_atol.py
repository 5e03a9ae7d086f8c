"""Family: wrongdata — LayerScale y = gamma * x with gamma initialised at 1e-6 (tests/honest/tasks/layer_scale.py):
every output is far below the default fp32 atol of 1e-4. The candidate's path for fewer than 32 rows (the
given shapes have 33 and 64) indexes gamma by the row instead of the column, a relative error of order 1 on
every element of a small batch. Below the given sizes the relative L2 bound was waived, which left no check
at all on outputs this small.
Source: red-team review of the harness
Expected: correctness.mismatch below the given sizes (the relative L2 error is measured there against the
output's RMS at the sizes checked before: compare's l2_floor, judge.BELOW_L2_SLACK).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/layer_scale.py"}


@triton.jit
def scale_kernel(x_ptr, g_ptr, y_ptr, n_rows, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    for c0 in range(0, n_cols, BLOCK):
        c = c0 + tl.arange(0, BLOCK)
        m = c < n_cols
        x = tl.load(x_ptr + row * n_cols + c, mask=m, other=0.0)
        g = tl.load(g_ptr + c, mask=m, other=0.0)
        tl.store(y_ptr + row * n_cols + c, g * x, mask=m)


@triton.jit
def scale_small_kernel(x_ptr, g_ptr, y_ptr, n_rows, n_cols, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    c = pid * BLOCK + tl.arange(0, BLOCK)
    m = c < n_cols
    for r in range(0, n_rows):
        x = tl.load(x_ptr + r * n_cols + c, mask=m, other=0.0)
        g = tl.load(g_ptr + r)  # bug: the row's index, not the column's
        tl.store(y_ptr + r * n_cols + c, g * x, mask=m)


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.gamma = nn.Parameter(1e-6 * torch.ones(dim))

    def forward(self, x):
        x = x.contiguous()
        rows, n = x.shape
        y = torch.empty_like(x)
        if rows >= 32:
            scale_kernel[(rows,)](x, self.gamma, y, rows, n, BLOCK=512)
        else:
            scale_small_kernel[(triton.cdiv(n, 256),)](x, self.gamma, y, rows, n, BLOCK=256)
        return y
