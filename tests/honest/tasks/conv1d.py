"""1-D convolution with bias, zero padding 1 and stride 1, of an (N, C_in, L) fp32 tensor.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

batch = 8
in_channels = 32
out_channels = 64
length = 512
kernel_size = 3

SHAPES = [dict(batch=2, in_channels=3, out_channels=5, length=19, kernel_size=3),
          dict(batch=1, in_channels=8, out_channels=4, length=32, kernel_size=3)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int):
        super().__init__()
        self.conv = nn.Conv1d(in_channels, out_channels, kernel_size, padding=1, bias=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch, in_channels, length)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size]
