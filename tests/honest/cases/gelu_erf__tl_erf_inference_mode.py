"""Honest: exact GELU with tl.erf, forward decorated with torch.inference_mode(), 2-D launch grid over a
(rows, cols) view."""

import math

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def gelu_2d(x_ptr, y_ptr, n_rows, n_cols, BLOCK_R: tl.constexpr, BLOCK_C: tl.constexpr, INV_SQRT2: tl.constexpr):
    r = tl.program_id(0) * BLOCK_R + tl.arange(0, BLOCK_R)
    c = tl.program_id(1) * BLOCK_C + tl.arange(0, BLOCK_C)
    mask = (r[:, None] < n_rows) & (c[None, :] < n_cols)
    offs = r[:, None] * n_cols + c[None, :]
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    tl.store(y_ptr + offs, 0.5 * x * (1.0 + tl.erf(x * INV_SQRT2)), mask=mask)


class ModelNew(nn.Module):
    @torch.inference_mode()
    def forward(self, x):
        x2 = x.contiguous().view(-1, x.shape[-1])
        y = torch.empty_like(x2)
        n_rows, n_cols = x2.shape
        grid = (triton.cdiv(n_rows, 16), triton.cdiv(n_cols, 64))
        gelu_2d[grid](x2, y, n_rows, n_cols, BLOCK_R=16, BLOCK_C=64, INV_SQRT2=1.0 / math.sqrt(2.0))
        return y.view_as(x)
