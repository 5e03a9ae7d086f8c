"""MobileNet-style depthwise-separable block: depthwise 3x3 conv (groups = channels, padding 1), then a 1x1
pointwise conv, then ReLU6.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

batch = 2
in_channels = 32
out_channels = 64
height = 16
width = 16
SHAPES = [dict(batch=2, in_channels=3, out_channels=5, height=7, width=9), dict(batch=1, in_channels=8, out_channels=16, height=18, width=20)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.dw = nn.Conv2d(in_channels, in_channels, 3, padding=1, groups=in_channels)
        self.pw = nn.Conv2d(in_channels, out_channels, 1)

    def forward(self, x):
        return F.relu6(self.pw(self.dw(x)))


def get_inputs():
    return [torch.randn(batch, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels]
