"""Index of the smallest element of each row of a 2-D fp32 tensor (int64 output).

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

rows = 1024
cols = 4096

SHAPES = [dict(rows=6, cols=100), dict(rows=3, cols=700)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.argmin(x, dim=1)


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return []
