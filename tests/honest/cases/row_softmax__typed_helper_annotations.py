"""Honest: a row softmax whose @triton.jit helpers carry type annotations (x: tl.tensor, -> tl.tensor) and a
kernel whose scalar parameters are annotated as Python types (n_cols: int, stride: int), a 2-D tile of rows
per program and tl.zeros_like for the running sum."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _row_max(x: tl.tensor) -> tl.tensor:
    return tl.max(x, axis=1)


@triton.jit
def softmax_rows(x_ptr, y_ptr, n_rows: int, n_cols: int, stride: int, ROWS: tl.constexpr, BLOCK: tl.constexpr):
    rows = tl.program_id(0) * ROWS + tl.arange(0, ROWS)
    m = tl.full((ROWS,), float("-inf"), tl.float32)
    s = tl.zeros_like(m)
    for start in range(0, n_cols, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        mask = (rows[:, None] < n_rows) & (cols[None, :] < n_cols)
        x = tl.load(x_ptr + rows[:, None] * stride + cols[None, :], mask=mask, other=float("-inf"))
        m_new = tl.maximum(m, _row_max(x))
        m_safe = tl.where(m_new == float("-inf"), 0.0, m_new)
        s = s * tl.exp(m - m_safe) + tl.sum(tl.exp(x - m_safe[:, None]), axis=1)
        m = m_new
    for start in range(0, n_cols, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        mask = (rows[:, None] < n_rows) & (cols[None, :] < n_cols)
        x = tl.load(x_ptr + rows[:, None] * stride + cols[None, :], mask=mask, other=float("-inf"))
        tl.store(y_ptr + rows[:, None] * stride + cols[None, :], tl.exp(x - m[:, None]) / s[:, None], mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        n_rows, n_cols = x.shape
        y = torch.empty_like(x)
        softmax_rows[(triton.cdiv(n_rows, 4),)](x, y, n_rows, n_cols, x.stride(0), ROWS=4, BLOCK=256)
        return y
