"""x is a transposed (non-contiguous) view; y = x + 1 (same shape as x).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 1024
cols = 1024
SHAPES = [dict(rows=33, cols=70), dict(rows=64, cols=16)]


class Model(nn.Module):
    def forward(self, x):
        return x + 1.0


def get_inputs():
    return [torch.randn(cols, rows).t()]


def get_init_inputs():
    return []
