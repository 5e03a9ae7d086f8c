"""Maximum over the last dimension of a 2-D fp32 tensor, with the column where it is reached.

(values, indices) = torch.max(x, dim=-1): values (rows,) fp32, indices (rows,) int64.

Honest-kernel corpus task (tests/honest): two outputs, returned as a tuple.
"""

import torch
import torch.nn as nn

rows = 4096
cols = 4096

SHAPES = [dict(rows=6, cols=333), dict(rows=3, cols=1024)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor):
        values, indices = torch.max(x, dim=-1)
        return values, indices


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return []
