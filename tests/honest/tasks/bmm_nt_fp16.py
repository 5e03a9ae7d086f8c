"""fp16 batched matmul with the second operand transposed: Q @ K^T, (b, m, k) x (b, n, k) -> (b, m, n).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 8
m = 256
n = 192
k = 128


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, a, b):
        return torch.matmul(a, b.transpose(-1, -2))


def get_inputs():
    return [torch.randn(batch_size, m, k, dtype=torch.float16), torch.randn(batch_size, n, k, dtype=torch.float16)]


def get_init_inputs():
    return []
