"""Select with a bool mask: y = where(m, x, y).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

n = 1 << 20
SHAPES = [dict(n=1000), dict(n=333)]


class Model(nn.Module):
    def forward(self, m, x, y):
        return torch.where(m, x, y)


def get_inputs():
    return [torch.rand(n) > 0.5, torch.randn(n), torch.randn(n)]


def get_init_inputs():
    return []
