"""Keep the positive entries of a vector, in order (a stream compaction whose output length depends on the data).
x: (n,) float32.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

n = 1 << 20
SHAPES = [dict(n=1000), dict(n=3001)]


class Model(nn.Module):
    def forward(self, x):
        return x[x > 0]


def get_inputs():
    return [torch.randn(n)]


def get_init_inputs():
    return []
