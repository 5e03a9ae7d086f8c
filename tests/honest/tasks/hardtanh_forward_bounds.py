"""Hardtanh with its bounds given to forward, `F.hardtanh(x, min_val, max_val)`, at bounds of -8 and 8: wider than
the values of standard normal inputs, so at the task's values and near them the op is the identity.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

SHAPES = [dict(rows=5, cols=1000), dict(rows=3, cols=3000)]

rows = 64
cols = 8192


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, min_val, max_val):
        return F.hardtanh(x, min_val, max_val)


def get_inputs():
    return [torch.randn(rows, cols), -8.0, 8.0]


def get_init_inputs():
    return []
