"""Scale every row of x by a learned per-column weight: y[b, j] = x[b, j] * w[j] (fp32). The batch is a small
count, a power of two in every shape and at the real size.

Adversarial-suite task (tests/adversarial).
"""
import torch
import torch.nn as nn

batch = 64
n = 4999

SHAPES = [dict(batch=2, n=5000), dict(batch=8, n=300)]


class Model(nn.Module):
    def __init__(self, n: int):
        super().__init__()
        self.weight = nn.Parameter(torch.rand(n) + 0.5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.weight


def get_inputs():
    return [torch.randn(batch, n)]


def get_init_inputs():
    return [n]
