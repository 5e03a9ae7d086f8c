"""Gated linear unit over the last dimension of a 2-D fp32 tensor: x (rows, 2 * half) -> (rows, half),
y = x[:, :half] * sigmoid(x[:, half:]).

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

rows = 4096
half = 2048

SHAPES = [dict(rows=5, half=150), dict(rows=3, half=512)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.nn.functional.glu(x, dim=-1)


def get_inputs():
    return [torch.randn(rows, 2 * half) * 3.0]


def get_init_inputs():
    return []
