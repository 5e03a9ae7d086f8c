"""Product of two symmetric square matrices, C = A @ B (A == A.T and B == B.T, as get_inputs builds them).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

N = 2048
SHAPES = [dict(N=48), dict(N=100)]


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return torch.matmul(A, B)


def get_inputs():
    A = torch.randn(N, N)
    B = torch.randn(N, N)
    return [(A + A.T) * 0.5, (B + B.T) * 0.5]


def get_init_inputs():
    return []
