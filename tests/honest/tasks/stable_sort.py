"""Stable ascending sort of each row: torch.sort(x, dim=-1, stable=True) values and int64 indices
(ties, including exact zeros, keep their original order).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 16
cols = 100
SHAPES = [dict(rows=4, cols=60), dict(rows=3, cols=17)]


class Model(nn.Module):
    def forward(self, x):
        v, i = torch.sort(x, dim=-1, stable=True)
        return v, i


def get_inputs():
    return [torch.randn(rows, cols).round(decimals=1)]


def get_init_inputs():
    return []
