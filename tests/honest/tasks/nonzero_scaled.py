"""Indices of the entries of x * scale (a learned positive per-entry scale) above a threshold, int64.
The scale has tens of thousands of entries at the checked sizes, so building the model runs a parallel torch op.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

n = 1 << 18
SHAPES = [dict(n=40000), dict(n=70001)]


class Model(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.scale = nn.Parameter(torch.rand(n) / 2 + 0.75)

    def forward(self, x):
        return torch.nonzero(x * self.scale > 0.3).squeeze(1)


def get_inputs():
    return [torch.randn(n)]


def get_init_inputs():
    return [n]
