"""Random sign diagonal (Rademacher +-1, the D of a randomized Hadamard transform as in QuaRot / SRHT) then a
learned per-feature scale: y = x * signs * weight. The signs are drawn once at construction and saved with the
model (persistent buffer), so a checkpoint reproduces the same transform.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 256
dim = 1024
SHAPES = [dict(rows=5, dim=300), dict(rows=3, dim=1024)]


class Model(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(dim))
        self.register_buffer("signs", torch.randint(0, 2, (dim,)).to(torch.float32) * 2.0 - 1.0)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.signs * self.weight


def get_inputs():
    return [torch.randn(rows, dim)]


def get_init_inputs():
    return [dim]
