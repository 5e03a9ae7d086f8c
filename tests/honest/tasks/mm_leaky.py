"""fp16 matmul followed by leaky_relu(0.01): fp16 in, fp16 out.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

M = 1024
K = 1024
N = 1024
SHAPES = [dict(M=40, K=48, N=72), dict(M=32, K=64, N=32)]


class Model(nn.Module):
    def forward(self, a, b):
        return F.leaky_relu(a @ b, 0.01)


def get_inputs():
    return [torch.randn(M, K).half(), (torch.randn(K, N) / K ** 0.5).half()]


def get_init_inputs():
    return []
