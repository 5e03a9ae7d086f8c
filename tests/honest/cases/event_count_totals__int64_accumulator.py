"""Honest: row totals of int32 counts accumulated in int64 lanes (each loaded block widened before it is added),
a program per row looping in blocks of 1024, as torch sums an integer tensor into int64."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def row_sum_kernel(x_ptr, y_ptr, n_cols, stride_row, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    acc = tl.zeros((BLOCK,), dtype=tl.int64)
    for start in range(0, n_cols, BLOCK):
        offs = start + tl.arange(0, BLOCK)
        m = offs < n_cols
        acc += tl.load(x_ptr + row * stride_row + offs, mask=m, other=0).to(tl.int64)
    total = tl.sum(acc, axis=0)
    tl.store(y_ptr + row, total)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, counts):
        counts = counts.contiguous()
        rows, cols = counts.shape
        out = torch.empty((rows,), dtype=torch.int64, device=counts.device)
        row_sum_kernel[(rows,)](counts, out, cols, counts.stride(0), BLOCK=1024)
        return out
