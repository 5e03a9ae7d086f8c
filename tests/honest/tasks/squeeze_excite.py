"""Squeeze-and-excitation: global average pool, fc - ReLU - fc - sigmoid, channels of x rescaled.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 4
channels = 64
height = 16
width = 16
reduction = 4
SHAPES = [dict(batch=2, channels=12, height=5, width=7), dict(batch=1, channels=24, height=18, width=20)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, channels, reduction):
        super().__init__()
        self.fc1 = nn.Linear(channels, channels // reduction)
        self.fc2 = nn.Linear(channels // reduction, channels)

    def forward(self, x):
        s = x.mean(dim=(2, 3))
        s = torch.sigmoid(self.fc2(torch.relu(self.fc1(s))))
        return x * s[:, :, None, None]


def get_inputs():
    return [torch.randn(batch, channels, height, width)]


def get_init_inputs():
    return [channels, reduction]
