"""Honest: row log-sum-exp over a (ROWS, BLOCK_N) tile of several rows per program: masked lanes loaded as
other=float("-inf"), tl.max and tl.sum with keep_dims=True to keep the row axis for broadcasting,
tl.math.log and tl.math.exp."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def logsumexp_rows_kernel(x_ptr, y_ptr, n_rows, n_cols, stride_row, ROWS: tl.constexpr, BLOCK_N: tl.constexpr):
    rows = tl.program_id(0) * ROWS + tl.arange(0, ROWS)
    cols = tl.arange(0, BLOCK_N)
    mask = (rows[:, None] < n_rows) & (cols[None, :] < n_cols)
    x = tl.load(x_ptr + rows[:, None] * stride_row + cols[None, :], mask=mask, other=float("-inf"))
    row_max = tl.max(x, axis=1, keep_dims=True)
    row_max = tl.where(rows[:, None] < n_rows, row_max, 0.0)
    total = tl.sum(tl.math.exp(x - row_max), axis=1, keep_dims=True)
    lse = row_max + tl.math.log(total)
    tl.store(y_ptr + rows[:, None], lse, mask=rows[:, None] < n_rows)


class ModelNew(nn.Module):
    def forward(self, x):
        n_rows, n_cols = x.shape
        y = torch.empty(n_rows, device=x.device, dtype=x.dtype)
        ROWS = 2
        logsumexp_rows_kernel[(triton.cdiv(n_rows, ROWS),)](x, y, n_rows, n_cols, x.stride(0), ROWS=ROWS,
                                                             BLOCK_N=triton.next_power_of_2(n_cols))
        return y
