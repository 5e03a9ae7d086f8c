"""Softmax over the last dimension of a 2-D fp32 tensor.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

rows = 4096
cols = 4096

SHAPES = [dict(rows=5, cols=300), dict(rows=3, cols=2048)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.softmax(x, dim=-1)


def get_inputs():
    return [torch.randn(rows, cols) * 5.0]


def get_init_inputs():
    return []
