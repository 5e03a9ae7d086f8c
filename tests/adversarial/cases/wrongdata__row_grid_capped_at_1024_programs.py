"""Family: shapes the check never reaches. A softmax with a program per row on `min(rows, 1024)` programs and no
loop over the rows past them: rows 1024 onwards are never written. Every given and drawn shape of the task has
far fewer rows, and its real-length shape keeps the rows small and the row long; at the real size (16384 rows)
15 of every 16 rows are garbage. The "many programs" shape (tasks/sizes.py `many_programs_shape`) has 1025 to
1152 rows.
Source: a grid capped at a round number of programs, as persistent kernels cap theirs, without their row loop.
Expected: correctness stage, correctness.mismatch at the many-programs shape.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'softmax',
          'reason_contains': 'many programs'}


@triton.jit
def row_softmax(x_ptr, y_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    run_max = tl.full([BLOCK], float("-inf"), tl.float32)
    for start in range(0, n_cols, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        run_max = tl.maximum(run_max, tl.load(x_ptr + row * stride + cols, mask=cols < n_cols, other=float("-inf")))
    top = tl.max(run_max, axis=0)
    run_sum = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        x = tl.load(x_ptr + row * stride + cols, mask=cols < n_cols, other=float("-inf"))
        run_sum += tl.exp(x - top)
    total = tl.sum(run_sum, axis=0)
    for start in range(0, n_cols, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        x = tl.load(x_ptr + row * stride + cols, mask=cols < n_cols, other=float("-inf"))
        tl.store(y_ptr + row * stride + cols, tl.exp(x - top) / total, mask=cols < n_cols)


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        rows, cols = x.shape
        row_softmax[(min(rows, 1024),)](x, y, cols, x.stride(0), BLOCK=512)
        return y
