"""Gather along the last dimension: y[i, j] = x[i, index[i, j]], x (rows, cols) fp32, index (rows, k) int64
in [0, cols): torch.gather(x, 1, index).

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

rows = 4096
cols = 1024
k = 256

SHAPES = [dict(rows=5, cols=300, k=70), dict(rows=3, cols=128, k=128)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor, index: torch.Tensor) -> torch.Tensor:
        return torch.gather(x, 1, index)


def get_inputs():
    return [torch.randn(rows, cols), torch.randint(0, cols, (rows, k))]


def get_init_inputs():
    return []
