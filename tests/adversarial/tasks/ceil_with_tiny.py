"""Elementwise ceiling of a fp32 tensor in which about one value in five is a tiny positive subnormal
(a denormal left by an underflowing computation): y = ceil(x), so those give 1.

Adversarial-suite task (tests/adversarial).
"""
import torch
import torch.nn as nn

n = 1 << 22

SHAPES = [dict(n=3000), dict(n=4096)]


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.ceil(x)


def get_inputs():
    x = torch.randn(n) * 4.0
    tiny = torch.rand(n) < 0.2
    x[tiny] = torch.rand(int(tiny.sum())) * 1e-39 + 1e-42
    return [x]


def get_init_inputs():
    return []
