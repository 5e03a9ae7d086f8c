"""KernelBench level-2 style: 1x1 Conv2d, then softmax over the channels (dim=1) of the NCHW result.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 4
in_channels = 16
out_channels = 32
height = 16
width = 16
SHAPES = [dict(batch=2, in_channels=3, out_channels=5, height=7, width=9), dict(batch=1, in_channels=8, out_channels=24, height=18, width=20)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, 1)

    def forward(self, x):
        return torch.softmax(self.conv(x), dim=1)


def get_inputs():
    return [torch.randn(batch, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels]
