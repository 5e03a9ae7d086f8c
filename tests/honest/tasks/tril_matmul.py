"""Product of two lower-triangular square matrices, C = tril(A @ B).

A and B are lower triangular (get_inputs makes them so), hence so is their product; the tril keeps the
reference's output exactly triangular.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

N = 2048
SHAPES = [dict(N=40), dict(N=96), dict(N=160), dict(N=130)]


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return torch.tril(torch.matmul(A, B))


def get_inputs():
    A = torch.tril(torch.randn(N, N))
    B = torch.tril(torch.randn(N, N))
    return [A, B]


def get_init_inputs():
    return []
