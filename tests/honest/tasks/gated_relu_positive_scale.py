"""A ReLU followed by a learned per-channel scale (a gated activation): y = relu(x) * scale[None, :].

Honest-kernel corpus task (tests/honest): scale is an fp32 parameter initialised uniform in [0, 1) (a gate), as many gates and
per-channel scales are; a trained one takes either sign.
"""

import torch
import torch.nn as nn

rows = 1024
dim = 4096

SHAPES = [dict(rows=5, dim=1000), dict(rows=3, dim=2048)]


class Model(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.scale = nn.Parameter(torch.rand(dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(x) * self.scale


def get_inputs():
    return [torch.randn(rows, dim)]


def get_init_inputs():
    return [dim]
