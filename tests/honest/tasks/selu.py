"""SELU on a fp32 tensor.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

n = 1 << 22
SHAPES = [dict(n=1000), dict(n=4096)]


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        return torch.selu(x)


def get_inputs():
    return [torch.randn(n) * 3]


def get_init_inputs():
    return []
