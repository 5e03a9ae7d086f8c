"""out = a + b where a arrives transposed (a view of a (cols, rows) tensor) and b is an expanded row.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 2048
cols = 1024
SHAPES = [dict(rows=37, cols=50), dict(rows=64, cols=128)]


class Model(nn.Module):
    def forward(self, a, b):
        return a + b


def get_inputs():
    return [torch.randn(cols, rows).t(), torch.randn(1, cols).expand(rows, cols)]


def get_init_inputs():
    return []
