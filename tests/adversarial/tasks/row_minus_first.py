"""Each row minus its own first element: y = x - x[:, :1] (fp32). Rows fit one program.

Adversarial-suite task: a row's first element taken with a reduction whose combine keeps its left operand.
"""

import torch
import torch.nn as nn

rows = 4096
cols = 1000

SHAPES = [dict(rows=7, cols=100), dict(rows=16, cols=1000)]
TOLERANCE = {"float32": {"atol": 1e-6, "rtol": 1e-6, "rel_l2": 1e-6}}


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x - x[:, :1]


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return []
