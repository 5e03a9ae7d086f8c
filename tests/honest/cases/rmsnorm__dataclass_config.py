"""Honest: RMSNorm with a frozen dataclass launch config, a helper @triton.jit reduction, and a loop over
column blocks (rows wider than one block)."""

from dataclasses import dataclass

import torch
import torch.nn as nn
import triton
import triton.language as tl


@dataclass(frozen=True)
class LaunchConfig:
    block: int = 256
    num_warps: int = 4

    def grid(self, n_rows: int):
        return (n_rows,)


@triton.jit
def _row_sum_of_squares(x_row, n_cols, BLOCK: tl.constexpr):
    acc = tl.zeros([BLOCK], dtype=tl.float32)
    for start in range(0, n_cols, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        v = tl.load(x_row + cols, mask=cols < n_cols, other=0.0).to(tl.float32)
        acc += v * v
    return tl.sum(acc, axis=0)


@triton.jit
def rmsnorm_kernel(x_ptr, w_ptr, y_ptr, stride, n_cols, eps, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    x_row = x_ptr + row * stride
    rstd = 1.0 / tl.sqrt(_row_sum_of_squares(x_row, n_cols, BLOCK) / n_cols + eps)
    for start in range(0, n_cols, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        m = cols < n_cols
        v = tl.load(x_row + cols, mask=m, other=0.0)
        w = tl.load(w_ptr + cols, mask=m, other=0.0)
        tl.store(y_ptr + row * stride + cols, v * rstd * w, mask=m)


CONFIG = LaunchConfig()


class ModelNew(nn.Module):
    def __init__(self, hidden: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden))
        self.eps = eps
        self.cfg = CONFIG

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        rmsnorm_kernel[self.cfg.grid(n_rows)](x, self.weight, y, x.stride(0), n_cols, self.eps,
                                              BLOCK=self.cfg.block, num_warps=self.cfg.num_warps)
        return y
