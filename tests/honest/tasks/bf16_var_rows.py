"""Unbiased variance of each row of a bf16 matrix, returned in bf16 (keepdim).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 64
dim = 1000
SHAPES = [dict(batch_size=7, dim=300), dict(batch_size=12, dim=513)]


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        return torch.var(x, dim=1, keepdim=True)


def get_inputs():
    return [(torch.randn(batch_size, dim) * 3.0 + 2.0).to(torch.bfloat16)]


def get_init_inputs():
    return []
