"""Three independent fp16 matmuls of different shapes (a grouped GEMM), returned as a tuple.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

M = 64
K = 96
N = 80
SHAPES = [dict(M=33, K=40, N=48), dict(M=16, K=64, N=32)]


class Model(nn.Module):
    def forward(self, a0, b0, a1, b1, a2, b2):
        return a0 @ b0, a1 @ b1, a2 @ b2


def get_inputs():
    s = K ** 0.5
    return [torch.randn(M, K).half(), (torch.randn(K, N) / s).half(),
            torch.randn(2 * M, K).half(), (torch.randn(K, N // 2) / s).half(),
            torch.randn(M // 2, 2 * K).half(), (torch.randn(2 * K, N) / s / 1.4).half()]


def get_init_inputs():
    return []
