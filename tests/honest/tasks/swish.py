"""Swish / SiLU, elementwise on a 4-D fp32 tensor: y = x * sigmoid(x).

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

batch = 16
channels = 64
height = 64
width = 64

SHAPES = [dict(batch=2, channels=3, height=7, width=9), dict(batch=1, channels=4, height=16, width=16)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * torch.sigmoid(x)


def get_inputs():
    return [torch.randn(batch, channels, height, width) * 4.0]


def get_init_inputs():
    return []
