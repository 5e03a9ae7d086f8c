"""Index of the max of each row of a fp32 matrix (first among ties).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 4096
cols = 1000
SHAPES = [dict(rows=5, cols=300), dict(rows=3, cols=1024)]


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        return torch.argmax(x, dim=-1)


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return []
