"""Softmax along dim 0 (down each column) of a 2-D fp32 tensor.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

rows = 2048
cols = 512

SHAPES = [dict(rows=37, cols=20), dict(rows=64, cols=7)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.softmax(x, dim=0)


def get_inputs():
    return [torch.randn(rows, cols) * 4.0]


def get_init_inputs():
    return []
