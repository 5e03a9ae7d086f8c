"""Lower median of each row (torch.median along dim=-1, values only).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 16
cols = 100
SHAPES = [dict(rows=4, cols=60), dict(rows=3, cols=17)]


class Model(nn.Module):
    def forward(self, x):
        return torch.median(x, dim=-1).values


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return []
