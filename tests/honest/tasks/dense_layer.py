"""KernelBench level-3 style DenseNet layer: BN (eval) - ReLU - conv3x3, and the new features concatenated
after the input's along the channels.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

TRAINING = False  # judged as deployed: BatchNorm normalises by its running statistics

batch = 2
in_channels = 16
growth = 8
height = 16
width = 16
SHAPES = [dict(batch=2, in_channels=3, growth=4, height=7, width=9), dict(batch=1, in_channels=8, growth=4, height=18, width=20)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, in_channels, growth):
        super().__init__()
        self.bn = nn.BatchNorm2d(in_channels)
        self.conv = nn.Conv2d(in_channels, growth, 3, padding=1, bias=False)

    def forward(self, x):
        return torch.cat([x, self.conv(torch.relu(self.bn(x)))], dim=1)


def get_inputs():
    return [torch.randn(batch, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, growth]
