"""MaxPool2d(kernel_size=2, stride=2) on (N, C, H, W) fp32.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 16
channels = 32
height = 128
width = 128
SHAPES = [dict(batch=2, channels=3, height=11, width=9), dict(batch=1, channels=4, height=16, width=20)]


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.pool = nn.MaxPool2d(kernel_size=2, stride=2)

    def forward(self, x):
        return self.pool(x)


def get_inputs():
    return [torch.randn(batch, channels, height, width)]


def get_init_inputs():
    return []
