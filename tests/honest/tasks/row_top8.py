"""Top-8 values per row (sorted, largest first).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 4096
cols = 1024
SHAPES = [dict(rows=5, cols=300), dict(rows=3, cols=1024)]
TOLERANCE = {"float32": {"atol": 0.0, "rtol": 0.0, "rel_l2": 0.0}}


class Model(nn.Module):
    def forward(self, x):
        return torch.topk(x, 8, dim=-1).values


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return []
