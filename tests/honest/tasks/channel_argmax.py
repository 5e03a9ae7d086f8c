"""Per-pixel argmax over the channels of x * scale (a learned per-channel scale), as int64 indices (N, H, W).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 4
channels = 32
height = 16
width = 16
SHAPES = [dict(batch=2, channels=5, height=7, width=9), dict(batch=1, channels=20, height=18, width=20)]


class Model(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.scale = nn.Parameter(torch.rand(channels, 1, 1) + 0.5)

    def forward(self, x):
        return torch.argmax(x * self.scale, dim=1)


def get_inputs():
    return [torch.randn(batch, channels, height, width)]


def get_init_inputs():
    return [channels]
