"""Honest: a softmax over four rows per program that parks each row's max (a `tl.max(axis=1)` result) in a
scratch vector and reads it back behind `tl.debug_barrier()`: stored by warp 0 in a line layout, loaded by
every thread in the reduction's slice layout, ordered by the bar.sync between."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def softmax_four_rows(x_ptr, y_ptr, scratch_ptr, n_rows, n_cols, stride, ROWS: tl.constexpr, BLOCK: tl.constexpr):
    rows = tl.program_id(0) * ROWS + tl.arange(0, ROWS)
    live = rows < n_rows
    cols = tl.arange(0, BLOCK)
    m = tl.full([ROWS, BLOCK], -1e30, tl.float32)
    for start in range(0, n_cols, BLOCK):
        inside = live[:, None] & (start + cols[None, :] < n_cols)
        x = tl.load(x_ptr + rows[:, None] * stride + start + cols[None, :], mask=inside, other=float("-inf"))
        m = tl.maximum(m, x)
    tl.store(scratch_ptr + rows, tl.max(m, axis=1), mask=live)
    tl.debug_barrier()
    row_max = tl.load(scratch_ptr + rows, mask=live, other=0.0)
    s = tl.zeros([ROWS, BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        inside = live[:, None] & (start + cols[None, :] < n_cols)
        x = tl.load(x_ptr + rows[:, None] * stride + start + cols[None, :], mask=inside, other=float("-inf"))
        s += tl.where(inside, tl.exp(x - row_max[:, None]), 0.0)
    denom = tl.sum(s, axis=1)
    for start in range(0, n_cols, BLOCK):
        inside = live[:, None] & (start + cols[None, :] < n_cols)
        x = tl.load(x_ptr + rows[:, None] * stride + start + cols[None, :], mask=inside, other=float("-inf"))
        tl.store(y_ptr + rows[:, None] * stride + start + cols[None, :],
                 tl.exp(x - row_max[:, None]) / denom[:, None], mask=inside)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        rows, cols = x.shape
        scratch = torch.empty((rows,), dtype=torch.float32, device=x.device)
        softmax_four_rows[(triton.cdiv(rows, 4),)](x, y, scratch, rows, cols, x.stride(0), ROWS=4,
                                                   BLOCK=min(triton.next_power_of_2(cols), 1024), num_warps=4)
        return y
