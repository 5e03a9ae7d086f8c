"""Cumulative product along the last dim.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 1024
cols = 128
SHAPES = [dict(rows=5, cols=30), dict(rows=3, cols=64)]


class Model(nn.Module):
    def forward(self, x):
        return torch.cumprod(x, dim=-1)


def get_inputs():
    return [1.0 + 0.05 * torch.randn(rows, cols)]


def get_init_inputs():
    return []
