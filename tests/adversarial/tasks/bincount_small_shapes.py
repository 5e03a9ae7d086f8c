"""Count of each value of a 1-D int64 tensor of values in [0, bins): torch.bincount with minlength=bins.
The shapes given for checking are small (under a thousand values); the real one is a million.

Adversarial-suite task (tests/adversarial).
"""

import torch
import torch.nn as nn

n = 1 << 20
bins = 16

SHAPES = [dict(n=500), dict(n=900)]


class Model(nn.Module):
    def __init__(self, bins: int):
        super().__init__()
        self.bins = bins

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.bincount(x, minlength=self.bins)


def get_inputs():
    return [torch.randint(0, bins, (n,))]


def get_init_inputs():
    return [bins]
