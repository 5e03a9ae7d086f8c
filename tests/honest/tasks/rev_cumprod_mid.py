"""Reverse cumulative product along dim 1 (suffix products) of a (batch, length, channels) tensor.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 8
length = 256
channels = 48


class Model(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        return torch.cumprod(x.flip(self.dim), dim=self.dim).flip(self.dim)


def get_inputs():
    return [torch.rand(batch_size, length, channels) * 0.5 + 0.75]


def get_init_inputs():
    return [1]
