"""RMSNorm over the last dimension of a 2-D fp32 tensor with a learned weight.

y[i, j] = x[i, j] / sqrt(mean_k x[i, k]^2 + eps) * weight[j]

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

tokens = 4096
hidden = 4096
eps = 1e-6

SHAPES = [dict(tokens=5, hidden=333), dict(tokens=3, hidden=1024)]


class Model(nn.Module):
    def __init__(self, hidden: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(1.0 + 0.3 * torch.randn(hidden))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def get_inputs():
    return [torch.randn(tokens, hidden) * 2.0]


def get_init_inputs():
    return [hidden, eps]
