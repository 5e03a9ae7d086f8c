"""Sum over the first dimension of a 2-D fp32 tensor: x (rows, cols) -> y (cols,).

Honest-kernel corpus task (tests/honest): the reduction runs down the columns, so kernels split it over
programs and combine the parts with atomics.
"""

import torch
import torch.nn as nn

rows = 4096
cols = 1024

SHAPES = [dict(rows=300, cols=70), dict(rows=128, cols=256)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.sum(dim=0)


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return []
