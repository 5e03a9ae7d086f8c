"""Clamp of a 2-D fp32 tensor to [lo, hi] given to forward as plain floats, called as a ReLU6 (lo = 0.0,
hi = 6.0).

A KernelBench-format task of the adversarial suite; the bounds are forward's float arguments.
"""

import torch
import torch.nn as nn

rows = 4096
cols = 4096

SHAPES = [dict(rows=3, cols=1000), dict(rows=4, cols=256)]


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, lo: float, hi: float) -> torch.Tensor:
        return torch.clamp(x, lo, hi)


def get_inputs():
    return [4.0 * torch.randn(rows, cols), 0.0, 6.0]


def get_init_inputs():
    return []
