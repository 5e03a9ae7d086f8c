"""Clamp to [-alpha, alpha] with the bound given to forward (a hardtanh whose limit is a call argument).

Honest-kernel corpus task (tests/honest): at a negative alpha the bounds cross and the output is one value,
a setting the judge does not move forward's floats to.
"""
import torch
import torch.nn as nn

rows = 64
cols = 512
SHAPES = [dict(rows=5, cols=300), dict(rows=3, cols=1024)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor, alpha: float) -> torch.Tensor:
        return torch.clamp(x, -alpha, alpha)


def get_inputs():
    return [torch.randn(rows, cols), 0.5]


def get_init_inputs():
    return []
