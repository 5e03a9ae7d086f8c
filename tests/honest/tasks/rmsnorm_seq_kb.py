"""RMSNorm over the hidden size of a (batch, seq_len, hidden) activation, as in a transformer block.

y = x / sqrt(mean(x^2, -1) + eps) * weight. A plain KernelBench file (no SHAPES): 16 x 512 rows of 1024.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 16
seq_len = 512
hidden = 1024
eps = 1e-6


class Model(nn.Module):
    def __init__(self, hidden, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(hidden) * 0.1 + 1.0)
        self.eps = eps

    def forward(self, x):
        var = x.pow(2).mean(-1, keepdim=True)
        return x * torch.rsqrt(var + self.eps) * self.weight


def get_inputs():
    return [torch.randn(batch_size, seq_len, hidden)]


def get_init_inputs():
    return [hidden, eps]
