"""Batched matmul with the first operand transposed: bmm(A^T, B), A of (b, k, m), B of (b, k, n).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 16
m = 128
k = 256
n = 96


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return torch.bmm(A.transpose(1, 2), B)


def get_inputs():
    return [torch.randn(batch_size, k, m), torch.randn(batch_size, k, n)]


def get_init_inputs():
    return []
