"""Honest: LayerNorm with helper @triton.jit functions (a Welford-style combine used through
tl.reduce-free block statistics), typing annotations, and weights read through nn.LayerNorm."""

from typing import Tuple

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _block_stats(x, mask, n):
    mean = tl.sum(tl.where(mask, x, 0.0), axis=0) / n
    diff = tl.where(mask, x - mean, 0.0)
    var = tl.sum(diff * diff, axis=0) / n
    return mean, var


@triton.jit
def _normalize(x, mean, var, w, b, eps):
    return (x - mean) / tl.sqrt(var + eps) * w + b


@triton.jit
def layernorm_kernel(x_ptr, w_ptr, b_ptr, y_ptr, n_cols, stride, eps, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride + cols, mask=mask, other=0.0)
    mean, var = _block_stats(x, mask, n_cols)
    w = tl.load(w_ptr + cols, mask=mask, other=1.0)
    b = tl.load(b_ptr + cols, mask=mask, other=0.0)
    tl.store(y_ptr + row * stride + cols, _normalize(x, mean, var, w, b, eps), mask=mask)


def _launch_shape(x: torch.Tensor) -> Tuple[int, int, int]:
    n_rows, n_cols = x.shape
    return n_rows, n_cols, triton.next_power_of_2(n_cols)


class ModelNew(nn.Module):
    def __init__(self, cols: int, eps: float):
        super().__init__()
        self.ln = nn.LayerNorm(cols, eps=eps)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        n_rows, n_cols, block = _launch_shape(x)
        y = torch.empty_like(x)
        layernorm_kernel[(n_rows,)](x, self.ln.weight, self.ln.bias, y, n_cols, x.stride(0), self.ln.eps,
                                    BLOCK=block)
        return y
