"""Rows of a 2-D fp32 tensor sorted in ascending order: torch.sort(x, dim=-1).values.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

rows = 4096
cols = 1024

SHAPES = [dict(rows=3, cols=100), dict(rows=2, cols=64)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sort(x, dim=-1).values


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return []
