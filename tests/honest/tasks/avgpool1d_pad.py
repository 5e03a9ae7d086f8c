"""1-D average pooling with padding, count_include_pad=False (KernelBench level-1 style).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 4
in_channels = 16
input_length = 500
kernel_size = 5
stride = 2
padding = 2


class Model(nn.Module):
    def __init__(self, kernel_size: int, stride: int, padding: int):
        super().__init__()
        self.avg_pool = nn.AvgPool1d(kernel_size=kernel_size, stride=stride, padding=padding,
                                     count_include_pad=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.avg_pool(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, input_length)]


def get_init_inputs():
    return [kernel_size, stride, padding]
