"""Honest: Swish-beta with beta a module-level tl.constexpr (BETA = tl.constexpr(1.0)) on the left of the
product with a tensor, handed straight to a helper @triton.jit sigmoid (`_sigmoid(BETA * x)`), which picks
the numerically stable form on each side of zero with a constexpr on the left of a comparison
(`tl.where(ZERO <= z, ...)`). Compiled Triton gives a tensor for a constexpr with a tensor."""

import torch
import torch.nn as nn
import triton
import triton.language as tl

BETA = tl.constexpr(1.0)
ZERO = tl.constexpr(0.0)


@triton.jit
def _sigmoid(z):
    e = tl.exp(-tl.abs(z))
    return tl.where(ZERO <= z, 1.0 / (1.0 + e), e / (1.0 + e))


@triton.jit
def swish_kernel(x_ptr, y_ptr, n_elements, BLOCK_SIZE: tl.constexpr):
    offs = tl.program_id(0) * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offs < n_elements
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    tl.store(y_ptr + offs, x * _sigmoid(BETA * x), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        swish_kernel[(triton.cdiv(n, 512),)](x, y, n, BLOCK_SIZE=512)
        return y
