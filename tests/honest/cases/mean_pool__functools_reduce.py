"""Honest: mean pooling where the host computes element counts with functools.reduce(operator.mul, ...) and
itertools, and the kernel reduces a 2-D tile (sequence x columns) per step with tl.sum."""

import functools
import itertools
import operator

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def mean_tile_kernel(x_ptr, y_ptr, seq, dim, inv_seq, BLOCK_S: tl.constexpr, BLOCK_D: tl.constexpr):
    b = tl.program_id(0)
    d = tl.program_id(1) * BLOCK_D + tl.arange(0, BLOCK_D)
    acc = tl.zeros([BLOCK_D], dtype=tl.float32)
    for s0 in range(0, seq, BLOCK_S):
        s = s0 + tl.arange(0, BLOCK_S)
        mask = (s[:, None] < seq) & (d[None, :] < dim)
        tile = tl.load(x_ptr + b * seq * dim + s[:, None] * dim + d[None, :], mask=mask, other=0.0)
        acc += tl.sum(tile, axis=0)
    tl.store(y_ptr + b * dim + d, acc * inv_seq, mask=d < dim)


def numel(shape):
    return functools.reduce(operator.mul, shape, 1)


class ModelNew(nn.Module):
    def forward(self, x):
        batch, seq, dim = x.shape
        assert numel(x.shape) == x.numel()
        assert all(a * b == b * a for a, b in itertools.product(x.shape, repeat=2))
        x = x.contiguous()
        y = torch.empty((batch, dim), dtype=x.dtype, device=x.device)
        grid = (batch, triton.cdiv(dim, 32))
        mean_tile_kernel[grid](x, y, seq, dim, 1.0 / seq, BLOCK_S=8, BLOCK_D=32)
        return y
