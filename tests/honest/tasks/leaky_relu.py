"""Leaky ReLU with a negative slope given at construction, on a 2-D fp32 tensor.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

rows = 4096
cols = 4096
slope = 0.05

SHAPES = [dict(rows=3, cols=500), dict(rows=5, cols=128)]


class Model(nn.Module):
    def __init__(self, slope: float):
        super().__init__()
        self.slope = slope

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.nn.functional.leaky_relu(x, self.slope)


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return [slope]
