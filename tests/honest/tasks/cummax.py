"""torch.cummax along the last dimension: running maximum values and their int64 indices.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 8
cols = 300
SHAPES = [dict(rows=4, cols=200), dict(rows=3, cols=77)]


class Model(nn.Module):
    def forward(self, x):
        v, i = torch.cummax(x, dim=-1)
        return v, i


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return []
