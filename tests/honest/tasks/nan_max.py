"""Elementwise maximum of two fp32 tensors that hold NaNs: torch.maximum propagates a NaN from either side.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

n = 1 << 20

SHAPES = [dict(n=1000), dict(n=4096)]


class Model(nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return torch.maximum(a, b)


def get_inputs():
    a = torch.randn(n)
    b = torch.randn(n)
    a[torch.rand(n) < 0.05] = float("nan")
    b[torch.rand(n) < 0.05] = float("nan")
    return [a, b]


def get_init_inputs():
    return []
