"""tanh(x) * 2 - x on a transposed (column-major) input; the output keeps the input's layout.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 4096
cols = 2048
SHAPES = [dict(rows=37, cols=300), dict(rows=128, cols=64)]


class Model(nn.Module):
    def forward(self, x):
        return torch.tanh(x) * 2.0 - x


def get_inputs():
    return [torch.randn(cols, rows).t()]


def get_init_inputs():
    return []
