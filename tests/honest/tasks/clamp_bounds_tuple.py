"""Clamp with its bounds given to forward as one (low, high) tuple of floats.

A forward whose range arrives as a pair, as `torch.clamp(x, *bounds)` callers pass it.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 64
cols = 512
SHAPES = [dict(rows=5, cols=300), dict(rows=3, cols=1024)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor, bounds: tuple) -> torch.Tensor:
        low, high = bounds
        return torch.clamp(x, low, high)


def get_inputs():
    return [torch.randn(rows, cols), (-0.5, 0.75)]


def get_init_inputs():
    return []
