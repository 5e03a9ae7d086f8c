"""x @ M where M is a learned (dim, dim) mixing matrix initialised to the identity plus noise; fp32.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 256
dim = 256
SHAPES = [dict(batch=9, dim=20), dict(batch=16, dim=48)]


class Model(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.mix = nn.Parameter(torch.eye(dim) + 0.01 * torch.randn(dim, dim))

    def forward(self, x):
        return x @ self.mix


def get_inputs():
    return [torch.randn(batch, dim)]


def get_init_inputs():
    return [dim]
