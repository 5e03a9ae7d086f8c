"""Conv2d then BatchNorm2d judged as deployed (TRAINING = False): BatchNorm by its running statistics, which a
kernel may fold into the convolution's epilogue.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

TRAINING = False

batch_size = 4
in_channels = 3
out_channels = 8
height = 12
width = 12
kernel_size = 3


class Model(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(out_channels)

    def forward(self, x):
        return torch.relu(self.bn(self.conv(x)))


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size]
