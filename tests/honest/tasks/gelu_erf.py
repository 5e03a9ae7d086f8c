"""Exact GELU (erf form), elementwise on a 3-D fp32 tensor: y = 0.5 * x * (1 + erf(x / sqrt(2))).

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

batch = 16
seq = 512
dim = 1024

SHAPES = [dict(batch=2, seq=5, dim=300), dict(batch=1, seq=3, dim=64)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.nn.functional.gelu(x)


def get_inputs():
    return [torch.randn(batch, seq, dim) * 2.0]


def get_init_inputs():
    return []
