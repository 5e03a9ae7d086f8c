"""fp16 matmul: c = a @ b, fp16 inputs and output.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

M = 1024
K = 1024
N = 1024
SHAPES = [dict(M=33, K=40, N=48), dict(M=16, K=64, N=32)]


class Model(nn.Module):
    def forward(self, a, b):
        return a @ b


def get_inputs():
    return [torch.randn(M, K).half(), (torch.randn(K, N) / K ** 0.5).half()]


def get_init_inputs():
    return []
