"""Reverse cumulative sum along the last dimension: y[i, j] = sum of x[i, j:], fp32.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

rows = 256
cols = 4096

SHAPES = [dict(rows=3, cols=50), dict(rows=2, cols=300)]
TOLERANCE = {"float32": {"atol": 1e-3, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.flip(-1).cumsum(-1).flip(-1)


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return []
