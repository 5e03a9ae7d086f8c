"""Honest: row max and its first index with tl.expand_dims / tl.broadcast_to instead of [:, None], a 2-D tile
of rows per program, the index found as the smallest column holding the max (tl.min over tl.where), and
the values and int64 indices returned as a tuple."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def row_max_kernel(x_ptr, v_ptr, i_ptr, n_rows, n_cols, stride, ROWS: tl.constexpr, BLOCK: tl.constexpr):
    rows = tl.program_id(0) * ROWS + tl.arange(0, ROWS)
    rmask = rows < n_rows
    best = tl.full((ROWS,), float("-inf"), tl.float32)
    best_i = tl.zeros((ROWS,), tl.int32)
    for start in range(0, n_cols, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        cols2 = tl.broadcast_to(tl.expand_dims(cols, 0), (ROWS, BLOCK))
        mask = tl.expand_dims(rmask, 1) & (cols2 < n_cols)
        x = tl.load(x_ptr + tl.expand_dims(rows, 1) * stride + cols2, mask=mask, other=float("-inf"))
        m = tl.max(x, axis=1)
        idx = tl.min(tl.where(x == tl.expand_dims(m, 1), cols2, n_cols), axis=1)
        better = m > best
        best_i = tl.where(better, idx, best_i)
        best = tl.where(better, m, best)
    tl.store(v_ptr + rows, best, mask=rmask)
    tl.store(i_ptr + rows, best_i.to(tl.int64), mask=rmask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor):
        n_rows, n_cols = x.shape
        values = torch.empty(n_rows, device=x.device, dtype=x.dtype)
        indices = torch.empty(n_rows, device=x.device, dtype=torch.int64)
        ROWS = 4
        row_max_kernel[(triton.cdiv(n_rows, ROWS),)](x, values, indices, n_rows, n_cols, x.stride(0), ROWS=ROWS,
                                                    BLOCK=min(256, triton.next_power_of_2(n_cols)))
        return values, indices
