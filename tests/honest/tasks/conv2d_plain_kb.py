"""A 3x3 convolution from 3 image channels to 64 feature maps with a bias, no padding, as a network's stem
layer applies it to a batch of 256 x 256 images. A plain KernelBench file (no SHAPES): on a CPU the judge chooses
smaller sizes for the interpreter.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 16
in_channels = 3
out_channels = 64
kernel_size = 3
height = 256
width = 256


class Model(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size):
        super().__init__()
        self.stem = nn.Conv2d(in_channels, out_channels, kernel_size, bias=True)

    def forward(self, images):
        return self.stem(images)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size]
