"""Randomized sign flip (the D of a randomized Hadamard / SRHT sketch) with the sign vector handed to forward:
y = x * signs, signs in {-1.0, +1.0} per feature (a Rademacher draw, as a caller makes one per sketch).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 128
dim = 1024
SHAPES = [dict(rows=5, dim=300), dict(rows=3, dim=1024)]


class Model(nn.Module):
    def forward(self, x, signs):
        return x * signs


def get_inputs():
    return [torch.randn(rows, dim), torch.randint(0, 2, (dim,)).float() * 2.0 - 1.0]


def get_init_inputs():
    return []
