"""Matrix multiply plus a bias row: y = a @ w + bias, a (M, K), w (K, N), bias (N,), all fp32.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

M = 1024
K = 1024
N = 1024

SHAPES = [dict(M=33, K=40, N=70), dict(M=16, K=64, N=32)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def forward(self, a: torch.Tensor, w: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        return a @ w + bias


def get_inputs():
    return [torch.randn(M, K), torch.randn(K, N) / K ** 0.5, torch.randn(N)]


def get_init_inputs():
    return []
