"""2-D max pooling of an NCHW fp32 tensor: 3x3 window, stride 2, padding 1.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

batch = 8
channels = 32
height = 64
width = 64

SHAPES = [dict(batch=2, channels=3, height=9, width=11), dict(batch=1, channels=4, height=16, width=16)]


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.pool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pool(x)


def get_inputs():
    return [torch.randn(batch, channels, height, width)]


def get_init_inputs():
    return []
