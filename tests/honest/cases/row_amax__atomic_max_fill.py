"""Honest: a row max split across programs along the row: each program reduces a column chunk with tl.max
and tl.atomic_max's it into an output that forward fills with -inf first (torch.empty(...).fill_), a 2-D
grid (chunks, rows)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def row_amax_split_kernel(x_ptr, out_ptr, n_cols, stride_row, BLOCK: tl.constexpr):
    pid_chunk = tl.program_id(0)
    row = tl.program_id(1)
    cols = pid_chunk * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(x_ptr + row * stride_row + cols, mask=cols < n_cols, other=float("-inf"))
    tl.atomic_max(out_ptr + row, tl.max(x, axis=0))


class ModelNew(nn.Module):
    def forward(self, x):
        n_rows, n_cols = x.shape
        out = torch.empty(n_rows, device=x.device, dtype=torch.float32)
        out.fill_(float("-inf"))
        BLOCK = 512
        row_amax_split_kernel[(triton.cdiv(n_cols, BLOCK), n_rows)](x, out, n_cols, x.stride(0), BLOCK=BLOCK)
        return out
