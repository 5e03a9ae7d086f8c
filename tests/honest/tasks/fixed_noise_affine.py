"""y = x * scale + n, with n a fixed random offset per feature drawn once at construction (not a trained weight,
re-drawn from the seed, so registered non-persistent), scale a constructor float. No trainable parameters.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 256
dim = 1024
scale = 0.75
SHAPES = [dict(rows=5, dim=300), dict(rows=3, dim=1024)]


class Model(nn.Module):
    def __init__(self, dim: int, scale: float):
        super().__init__()
        self.scale = scale
        self.register_buffer("offset", torch.randn(dim), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.scale + self.offset


def get_inputs():
    return [torch.randn(rows, dim)]


def get_init_inputs():
    return [dim, scale]
