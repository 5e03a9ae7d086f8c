"""The largest value of each row and where it is, of a bf16 matrix.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 256
cols = 1024
SHAPES = [dict(rows=5, cols=300), dict(rows=3, cols=1024)]


class Model(nn.Module):
    def forward(self, x):
        values, index = x.max(dim=1)
        return values, index


def get_inputs():
    return [torch.randn(rows, cols, dtype=torch.bfloat16)]


def get_init_inputs():
    return []
