"""Orthonormal Walsh-Hadamard transform of each row: x @ H / sqrt(dim), with H the Sylvester Hadamard matrix
held in a buffer (the rotation of QuaRot / SpinQuant-style quantisation).

Honest-kernel corpus task (tests/honest).
"""
import math

import torch
import torch.nn as nn


def sylvester_hadamard(n):
    h = torch.ones(1, 1)
    while h.shape[0] < n:
        h = torch.cat([torch.cat([h, h], dim=1), torch.cat([h, -h], dim=1)], dim=0)
    return h


class Model(nn.Module):
    """Orthonormal Walsh-Hadamard rotation of the last dimension (QuaRot / SpinQuant style): y = x @ H / sqrt(d)."""

    def __init__(self, dim):
        super().__init__()
        self.register_buffer("hadamard", sylvester_hadamard(dim) / math.sqrt(dim))

    def forward(self, x):
        return x @ self.hadamard


batch_size = 2048
dim = 4096
SHAPES = [dict(batch_size=7, dim=256), dict(batch_size=3, dim=1024)]


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return [dim]
