"""Mean over the sequence axis: x (batch, seq, dim) -> y (batch, dim).

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

batch = 32
seq = 1024
dim = 1024

SHAPES = [dict(batch=2, seq=37, dim=100), dict(batch=3, seq=8, dim=256)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.mean(dim=1)


def get_inputs():
    return [torch.randn(batch, seq, dim)]


def get_init_inputs():
    return []
