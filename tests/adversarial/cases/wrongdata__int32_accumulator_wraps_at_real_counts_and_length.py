"""Family: wrongdata — row totals of int32 counts accumulated in int32 and widened to int64 only at the store. At
the task's size a row sums 8192 counts below 2**20 (about 4.3e9): every row wraps. The judge checked the real
row length with the counts' bound small, and the real bound with the row short, so no row total reached 2**31.
Source: red-team review of the harness.
Expected: correctness.mismatch at the index range shape, which takes the values' bound and the reduction
length to their real values together where that fits (a few rows of 8192).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/event_count_totals.py"}


@triton.jit
def row_sum_kernel(x_ptr, y_ptr, n_cols, stride_row, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    acc = tl.zeros((BLOCK,), dtype=tl.int32)
    for start in range(0, n_cols, BLOCK):
        offs = start + tl.arange(0, BLOCK)
        m = offs < n_cols
        acc += tl.load(x_ptr + row * stride_row + offs, mask=m, other=0)
    total = tl.sum(acc, axis=0)
    tl.store(y_ptr + row, total.to(tl.int64))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, counts):
        counts = counts.contiguous()
        rows, cols = counts.shape
        out = torch.empty((rows,), dtype=torch.int64, device=counts.device)
        row_sum_kernel[(rows,)](counts, out, cols, counts.stride(0), BLOCK=1024)
        return out
