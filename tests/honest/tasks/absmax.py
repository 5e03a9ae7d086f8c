"""The largest absolute value of a 2-D fp32 tensor (the "amax" of FP8 scaling), a 0-d tensor.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

rows = 4096
cols = 4096

SHAPES = [dict(rows=33, cols=300), dict(rows=16, cols=1024)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.amax(x.abs())


def get_inputs():
    return [torch.randn(rows, cols) * 3.0]


def get_init_inputs():
    return []
