"""Honest: online row softmax whose input pointer is annotated x_ptr: tl.const (read-only) and whose block
size is a constexpr parameter with a default (BLOCK: tl.constexpr = 256) that the launch does not pass."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def softmax_online(x_ptr: tl.const, y_ptr, n_cols, stride_row, BLOCK: tl.constexpr = 256):
    row = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    m = tl.full((BLOCK,), float("-inf"), tl.float32)
    s = tl.zeros((BLOCK,), tl.float32)
    for start in range(0, n_cols, BLOCK):
        cols = start + offs
        x = tl.load(x_ptr + row * stride_row + cols, mask=cols < n_cols, other=float("-inf"))
        m_new = tl.maximum(m, x)
        m_safe = tl.where(m_new == float("-inf"), 0.0, m_new)
        s = s * tl.exp(m - m_safe) + tl.exp(x - m_safe)
        m = m_new
    row_max = tl.max(m, axis=0)
    denom = tl.sum(s * tl.exp(m - row_max), axis=0)
    for start in range(0, n_cols, BLOCK):
        cols = start + offs
        mask = cols < n_cols
        x = tl.load(x_ptr + row * stride_row + cols, mask=mask, other=float("-inf"))
        tl.store(y_ptr + row * stride_row + cols, tl.exp(x - row_max) / denom, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        softmax_online[(x.shape[0],)](x, y, x.shape[1], x.stride(0))
        return y
