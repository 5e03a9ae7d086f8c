"""Honest: mean over the sequence axis, one program per (batch, column block), looping over the sequence and
dividing once at the end."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def mean_pool_kernel(x_ptr, y_ptr, seq, dim, sxb, sxs, BLOCK_D: tl.constexpr):
    b = tl.program_id(0)
    d = tl.program_id(1) * BLOCK_D + tl.arange(0, BLOCK_D)
    mask = d < dim
    acc = tl.zeros([BLOCK_D], dtype=tl.float32)
    for s in range(0, seq):
        acc += tl.load(x_ptr + b * sxb + s * sxs + d, mask=mask, other=0.0)
    tl.store(y_ptr + b * dim + d, acc / seq, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        batch, seq, dim = x.shape
        y = x.new_empty((batch, dim))
        mean_pool_kernel[(batch, triton.cdiv(dim, 64))](x, y, seq, dim, x.stride(0), x.stride(1), BLOCK_D=64)
        return y
