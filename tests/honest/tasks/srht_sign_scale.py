"""Random sign diagonal (the D of a subsampled randomized Hadamard transform / structured random features),
then a learned per-feature scale: y = x * d * weight, d in {-1, +1} drawn once at construction.

The sign diagonal is a fixed random draw that is not a trained weight, so it is registered non-persistent
(it is re-drawn from the seed rather than stored in checkpoints).

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
        signs = torch.randint(0, 2, (dim,)).to(torch.float32) * 2.0 - 1.0
        self.register_buffer("signs", signs, persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.signs * self.weight


def get_inputs():
    return [torch.randn(rows, dim)]


def get_init_inputs():
    return [dim]
