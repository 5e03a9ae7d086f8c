"""y = silu(x * scale) + bias over the last dimension: two elementwise stages (a scale kernel, then a
bias-and-activation kernel), as a chain of small kernels that programmatic dependent launch overlaps.
x: (rows, cols) float32, scale: (cols,) parameter, bias: (cols,) parameter.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 4096
cols = 4096
SHAPES = [dict(rows=5, cols=300), dict(rows=33, cols=128)]


class Model(nn.Module):
    def __init__(self, cols):
        super().__init__()
        self.scale = nn.Parameter(torch.randn(cols))
        self.bias = nn.Parameter(torch.randn(cols))

    def forward(self, x):
        return torch.nn.functional.silu(x * self.scale) + self.bias


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return [cols]
