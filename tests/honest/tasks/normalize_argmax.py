"""Embedding head: L2-normalised rows and each row's best-matching feature (index of the largest value).

y = F.normalize(x, dim=-1); idx = y.argmax(-1). Returns (y float32, idx int64).

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

rows = 4096
cols = 1024

SHAPES = [dict(rows=33, cols=300), dict(rows=16, cols=1024)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor):
        y = F.normalize(x, dim=-1)
        return y, y.argmax(dim=-1)


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return []
