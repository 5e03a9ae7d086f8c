"""3-D average pooling, kernel 3, stride 2, padding 1 (count_include_pad default) (KernelBench level-1 style).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 4
channels = 16
depth = 32
height = 32
width = 32
kernel_size = 3
stride = 2
padding = 1


class Model(nn.Module):
    def __init__(self, kernel_size: int, stride: int, padding: int):
        super().__init__()
        self.avg_pool = nn.AvgPool3d(kernel_size=kernel_size, stride=stride, padding=padding)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.avg_pool(x)


def get_inputs():
    return [torch.randn(batch_size, channels, depth, height, width)]


def get_init_inputs():
    return [kernel_size, stride, padding]
