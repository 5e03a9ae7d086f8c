"""Reverse the order of the columns of a fp32 matrix: y = torch.flip(x, dims=[1]).

Adversarial-suite task (tests/adversarial): pure data movement.
"""
import torch
import torch.nn as nn

rows = 4096
cols = 4096

SHAPES = [dict(rows=8, cols=300), dict(rows=5, cols=1024)]
TOLERANCE = {"float32": {"atol": 0.0, "rtol": 0.0, "rel_l2": 0.0}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.flip(x, dims=[1])


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return []
