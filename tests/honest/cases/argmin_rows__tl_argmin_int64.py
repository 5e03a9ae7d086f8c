"""Honest: row argmin in blocks: tl.argmin of each block (tie_break_left), the block minimum carried with its
global index and compared strictly, so the first minimum wins as in torch; the index stored as int64 into a
torch.int64 output; the padding read as +inf."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def argmin_rows_kernel(x_ptr, out_ptr, n_cols, stride_row, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    best_val = tl.full((), float("inf"), tl.float32)
    best_idx = tl.zeros((), dtype=tl.int64)
    for start in range(0, n_cols, BLOCK):
        cols = start + offs
        x = tl.load(x_ptr + row * stride_row + cols, mask=cols < n_cols, other=float("inf"))
        i = tl.argmin(x, axis=0, tie_break_left=True)
        v = tl.min(x, axis=0)
        better = v < best_val
        best_idx = tl.where(better, (start + i).to(tl.int64), best_idx)
        best_val = tl.where(better, v, best_val)
    tl.store(out_ptr + row, best_idx)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        rows, cols = x.shape
        out = torch.empty(rows, device=x.device, dtype=torch.int64)
        argmin_rows_kernel[(rows,)](x, out, cols, x.stride(0), BLOCK=min(512, triton.next_power_of_2(cols)))
        return out
