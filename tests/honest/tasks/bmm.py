"""Batched matmul (B, M, K) @ (B, K, N).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

B = 16
M = 256
K = 256
N = 256
SHAPES = [dict(B=3, M=20, K=24, N=18), dict(B=2, M=16, K=32, N=16)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def forward(self, a, b):
        return torch.bmm(a, b)


def get_inputs():
    return [torch.randn(B, M, K), torch.randn(B, K, N) / K ** 0.5]


def get_init_inputs():
    return []
