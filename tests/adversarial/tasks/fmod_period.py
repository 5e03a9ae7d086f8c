"""Elementwise floating remainder with C semantics (the sign of x): y = fmod(x, 0.7), fp32.

Adversarial-suite task (tests/adversarial): values large enough that x / 0.7 is rounded in fp32.
"""
import torch
import torch.nn as nn

rows = 4096
cols = 4096

SHAPES = [
    dict(rows=5, cols=1000),
    dict(rows=4, cols=4096),
]

TOLERANCE = {"float32": {"atol": 1e-5, "rtol": 1e-5, "rel_l2": 1e-5}}

PERIOD = 0.7


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.fmod(x, PERIOD)


def get_inputs():
    return [torch.randn(rows, cols) * 3000.0]


def get_init_inputs():
    return []
