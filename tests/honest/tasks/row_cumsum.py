"""Inclusive prefix sum along the last dimension of a 2-D fp32 tensor.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

rows = 1024
cols = 4096

SHAPES = [dict(rows=4, cols=200), dict(rows=3, cols=1024)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cumsum(x, dim=-1)


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return []
