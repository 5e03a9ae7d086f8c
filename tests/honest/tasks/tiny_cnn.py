"""KernelBench level-3 style small network: Conv2d 3x3 (padding 1), ReLU, MaxPool2d(2), flatten, Linear.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 4
in_channels = 3
channels = 8
height = 16
width = 16
num_classes = 10
SHAPES = [dict(batch=2, in_channels=3, channels=4, height=6, width=8, num_classes=5),
          dict(batch=3, in_channels=2, channels=6, height=18, width=20, num_classes=7)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, in_channels, channels, height, width, num_classes):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, channels, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(channels * (height // 2) * (width // 2), num_classes)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv(x)))
        return self.fc(x.flatten(1))


def get_inputs():
    return [torch.randn(batch, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, channels, height, width, num_classes]
