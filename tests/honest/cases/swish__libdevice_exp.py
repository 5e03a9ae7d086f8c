"""Honest: swish as x / (1 + exp(-x)) with libdevice's exp (module imported as an attribute path),
launched over a (rows, cols) view with a 2-D grid."""

import torch
import torch.nn as nn
import triton
import triton.language as tl
import triton.language.extra.libdevice as ld


@triton.jit
def swish_2d(x_ptr, y_ptr, rows, cols, BLOCK_R: tl.constexpr, BLOCK_C: tl.constexpr):
    r = tl.program_id(0) * BLOCK_R + tl.arange(0, BLOCK_R)
    c = tl.program_id(1) * BLOCK_C + tl.arange(0, BLOCK_C)
    m = (r[:, None] < rows) & (c[None, :] < cols)
    p = r[:, None] * cols + c[None, :]
    x = tl.load(x_ptr + p, mask=m, other=0.0)
    tl.store(y_ptr + p, x / (1.0 + ld.exp(-x)), mask=m)


class ModelNew(nn.Module):
    def forward(self, x):
        x2 = x.reshape(-1, x.shape[-1])
        y = torch.empty_like(x2)
        rows, cols = x2.shape
        swish_2d[(triton.cdiv(rows, 8), triton.cdiv(cols, 32))](x2, y, rows, cols, BLOCK_R=8, BLOCK_C=32)
        return y.reshape(x.shape)
