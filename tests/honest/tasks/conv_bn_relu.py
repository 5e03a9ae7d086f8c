"""Conv2d, BatchNorm2d and ReLU, a plain KernelBench level-2 style file: judged as built, in training mode
(BatchNorm by the batch's statistics per channel).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 4
in_channels = 3
out_channels = 8
height = 12
width = 12
kernel_size = 3


class Model(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size, padding=1)
        self.bn = nn.BatchNorm2d(out_channels)

    def forward(self, x):
        return torch.relu(self.bn(self.conv(x)))


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size]
