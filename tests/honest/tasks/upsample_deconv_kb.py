"""A learned 2x upsampling: a transposed 3x3 convolution with stride 2, padding 1 and output padding 1 (each
128 x 128 map of 32 channels becomes a 256 x 256 map of 64), without bias, as a decoder stage uses it. A plain
KernelBench file (no SHAPES).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 16
in_channels = 32
out_channels = 64
kernel_size = 3
height = 128
width = 128
stride = 2
padding = 1
output_padding = 1


class Model(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride, padding, output_padding):
        super().__init__()
        self.up = nn.ConvTranspose2d(in_channels, out_channels, kernel_size, stride=stride, padding=padding,
                                     output_padding=output_padding, bias=False)

    def forward(self, x):
        return self.up(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size, stride, padding, output_padding]
