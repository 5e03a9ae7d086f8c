"""KernelBench level-2 style, written the way those files are: a valid (unpadded) Conv2d, minus a learned bias
of shape bias_shape = (out_channels, 1, 1) (a global derived from another), tanh, then AvgPool2d(2).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 16
in_channels = 3
out_channels = 16
height, width = 32, 32
kernel_size = 3
pool_kernel_size = 2
bias_shape = (out_channels, 1, 1)
SHAPES = [dict(batch_size=2, in_channels=3, out_channels=4, height=9, width=11),
          dict(batch_size=1, in_channels=2, out_channels=8, height=18, width=20)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, bias_shape, pool_kernel_size):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size)
        self.bias = nn.Parameter(torch.randn(bias_shape) * 0.02)
        self.avgpool = nn.AvgPool2d(pool_kernel_size)

    def forward(self, x):
        x = self.conv(x)
        x = torch.tanh(x - self.bias)
        return self.avgpool(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size, bias_shape, pool_kernel_size]
