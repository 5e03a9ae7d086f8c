"""KernelBench level-3 style ResNet basic block (eval mode): conv3x3-BN-ReLU-conv3x3-BN, plus the identity,
then ReLU.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

TRAINING = False  # judged as deployed: BatchNorm normalises by its running statistics

batch = 2
channels = 16
height = 16
width = 16
SHAPES = [dict(batch=2, channels=3, height=7, width=9), dict(batch=1, channels=8, height=18, width=20)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x):
        out = torch.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return torch.relu(out + x)


def get_inputs():
    return [torch.randn(batch, channels, height, width)]


def get_init_inputs():
    return [channels]
