"""Learned-threshold quantiser: bucket index of each element of x among a learned, sorted table of
thresholds (torch.bucketize, right=False): out[i] = #{k : boundaries[k] < x[i]}.

A module with an nn.Parameter of sorted thresholds (learned quantisation levels, as LSQ-style or
piecewise-constant activations keep them: sorted by construction, which bucketize requires).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

n = 1 << 20
nb = 31

SHAPES = [dict(n=1000, nb=31), dict(n=4099, nb=7)]


class Model(nn.Module):
    def __init__(self, nb: int):
        super().__init__()
        self.boundaries = nn.Parameter(torch.linspace(-2.5, 2.5, nb))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.bucketize(x, self.boundaries)


def get_inputs():
    return [torch.randn(n) * 1.5]


def get_init_inputs():
    return [nb]
