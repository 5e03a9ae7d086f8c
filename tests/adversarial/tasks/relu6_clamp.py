"""Clamp of a 2-D fp32 tensor to [low, high] given at construction, built as a ReLU6 (low = 0, high = 6).

A KernelBench-format task of the adversarial suite; the clamp's bounds are constructor floats.
"""

import torch
import torch.nn as nn

rows = 4096
cols = 4096
low = 0.0
high = 6.0

SHAPES = [dict(rows=3, cols=1000), dict(rows=4, cols=256)]


class Model(nn.Module):
    def __init__(self, low: float, high: float):
        super().__init__()
        self.low = low
        self.high = high

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.clamp(x, self.low, self.high)


def get_inputs():
    return [4.0 * torch.randn(rows, cols)]


def get_init_inputs():
    return [low, high]
