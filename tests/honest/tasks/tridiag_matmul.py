"""C = A @ B where A is tridiagonal (get_inputs draws it with zeros outside its three diagonals).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

N = 512
K = 64
SHAPES = [dict(N=37, K=20), dict(N=70, K=33)]


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return torch.matmul(A, B)


def get_inputs():
    A = torch.randn(N, N).triu(-1).tril(1)
    B = torch.randn(N, K)
    return [A, B]


def get_init_inputs():
    return []
