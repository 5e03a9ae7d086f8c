"""Per-channel affine of an NCHW fp32 tensor: y = x * scale[c] + shift[c], with learned scale and shift.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

batch = 16
channels = 64
height = 56
width = 56

SHAPES = [dict(batch=2, channels=3, height=5, width=7), dict(batch=1, channels=8, height=8, width=8)]


class Model(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.scale = nn.Parameter(1.0 + 0.5 * torch.randn(channels))
        self.shift = nn.Parameter(0.5 * torch.randn(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.scale.view(1, -1, 1, 1) + self.shift.view(1, -1, 1, 1)


def get_inputs():
    return [torch.randn(batch, channels, height, width)]


def get_init_inputs():
    return [channels]
