"""Stream compaction: the entries of x with |x| > 1, in their original order, packed at the front of an
n-element output, zeros after them (a fixed-size x[x.abs() > 1]).

Adversarial-suite task (tests/adversarial).
"""
import torch
import torch.nn as nn

n = 1 << 24

SHAPES = [dict(n=6000), dict(n=16384)]
TOLERANCE = {"float32": {"atol": 0.0, "rtol": 0.0, "rel_l2": 0.0}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        kept = x[x.abs() > 1]
        return torch.cat([kept, torch.zeros(x.numel() - kept.numel(), dtype=x.dtype)])


def get_inputs():
    return [torch.randn(n)]


def get_init_inputs():
    return []
