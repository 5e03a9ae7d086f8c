"""KernelBench level-2 style: Conv2d (3x3, padding 1) plus an extra per-channel bias, ReLU, times a scale.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 8
in_channels = 8
out_channels = 16
height = 32
width = 32
kernel_size = 3
scale = 1.5
SHAPES = [dict(batch=2, in_channels=3, out_channels=5, height=9, width=11),
          dict(batch=1, in_channels=4, out_channels=8, height=18, width=20)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, scale):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size, padding=kernel_size // 2)
        self.bias = nn.Parameter(torch.randn(out_channels, 1, 1) * 0.1)
        self.scale = scale

    def forward(self, x):
        return torch.relu(self.conv(x) + self.bias) * self.scale


def get_inputs():
    return [torch.randn(batch, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size, scale]
