"""Cumulative sum down the rows (dim 0) of a 2-D fp32 tensor.

Adversarial-suite task (tests/adversarial).
"""
import torch
import torch.nn as nn

rows = 512
cols = 2048

SHAPES = [dict(rows=64, cols=96), dict(rows=40, cols=64)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cumsum(x, dim=0)


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return []
