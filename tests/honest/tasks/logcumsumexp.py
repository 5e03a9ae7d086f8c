"""torch.logcumsumexp along the last dimension of a 2-D fp32 tensor.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 8
cols = 600
SHAPES = [dict(rows=4, cols=200), dict(rows=3, cols=77)]


class Model(nn.Module):
    def forward(self, x):
        return torch.logcumsumexp(x, dim=-1)


def get_inputs():
    return [torch.randn(rows, cols) * 3]


def get_init_inputs():
    return []
