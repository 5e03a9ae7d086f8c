"""Family: shapes the check never reaches. One program per row with one masked block of 1024 columns and no
loop over the rest: right for a file whose rows are 1000 wide, and columns 1024.. are never written for any
wider row. A KernelBench file without SHAPES is judged at its own size plus one drawn shape; with one shape
given, the range "between the sizes given" was the size itself, so the drawn width was always 1001 and a
kernel sized for the file passed on every seed. Each size is now drawn from half of the file's to half as
much again (here 500..1500; seed 0 draws 1365).
Source: red-team round 5 ("unseen shape of a file without SHAPES is its own size + 1"), rewritten.
Expected: correctness stage, correctness.mismatch at the drawn shape.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'tasks/examples/level1_relu.py',
          'shape_seed': 0, 'reason_contains': 'unseen'}

ROW_BLOCK = 1024  # wide enough for the file's rows of 1000


@triton.jit
def relu_row_kernel(x_ptr, y_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    keep = cols < n_cols
    x = tl.load(x_ptr + row * stride + cols, mask=keep, other=0.0)
    tl.store(y_ptr + row * stride + cols, tl.maximum(x, 0.0), mask=keep)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        relu_row_kernel[(x.shape[0],)](x, y, x.shape[1], x.stride(0), BLOCK=ROW_BLOCK)
        return y
