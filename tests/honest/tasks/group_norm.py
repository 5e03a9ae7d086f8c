"""GroupNorm of an NCHW fp32 tensor: statistics over each (sample, group of channels), then a per-channel affine.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

batch = 8
channels = 64
groups = 8
height = 32
width = 32
eps = 1e-5

SHAPES = [dict(batch=2, channels=6, groups=3, height=5, width=7), dict(batch=1, channels=8, groups=2, height=8, width=8)]


class Model(nn.Module):
    def __init__(self, groups: int, channels: int, eps: float):
        super().__init__()
        self.gn = nn.GroupNorm(groups, channels, eps=eps)
        with torch.no_grad():
            self.gn.weight.copy_(1.0 + 0.2 * torch.randn(channels))
            self.gn.bias.copy_(0.1 * torch.randn(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.gn(x)


def get_inputs():
    return [torch.randn(batch, channels, height, width) * 1.5 + 0.3]


def get_init_inputs():
    return [groups, channels, eps]
