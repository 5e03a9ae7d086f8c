"""Fused add of a per-column bias and ReLU: y = relu(x + bias), x (rows, cols), bias (cols,).

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

rows = 4096
cols = 4096

SHAPES = [dict(rows=7, cols=300), dict(rows=2, cols=1024)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        return torch.relu(x + bias)


def get_inputs():
    return [torch.randn(rows, cols), torch.randn(cols)]


def get_init_inputs():
    return []
