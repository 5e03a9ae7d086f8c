"""Unbiased variance over the last dim.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 1024
cols = 4096
SHAPES = [dict(rows=5, cols=300), dict(rows=3, cols=1024)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def forward(self, x):
        return torch.var(x, dim=-1)


def get_inputs():
    return [torch.randn(rows, cols) * 3 + 2]


def get_init_inputs():
    return []
