"""Clamp of a 2-D fp32 tensor to [low, high] given at construction.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

rows = 4096
cols = 4096
low = -0.5
high = 1.25

SHAPES = [dict(rows=3, cols=1000), dict(rows=4, cols=256)]


class Model(nn.Module):
    def __init__(self, low: float, high: float):
        super().__init__()
        self.low = low
        self.high = high

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.clamp(x, self.low, self.high)


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return [low, high]
