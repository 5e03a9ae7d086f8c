"""clamp(x, low, high) with the bounds passed to forward as a NamedTuple (a small config record).

Honest-kernel corpus task (tests/honest).
"""
from typing import NamedTuple

import torch
import torch.nn as nn

batch = 16
dim = 1024
SHAPES = [dict(batch=3, dim=37), dict(batch=4, dim=64)]
TOLERANCE = {"float32": {"atol": 1e-6, "rtol": 1e-6, "rel_l2": 1e-7}}


class Bounds(NamedTuple):
    low: float
    high: float


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, bounds):
        return torch.clamp(x, bounds[0], bounds[1])


def get_inputs():
    return [torch.randn(batch, dim), Bounds(-0.5, 0.8)]


def get_init_inputs():
    return []
