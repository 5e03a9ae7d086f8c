"""Cumulative product along a dimension, written as a KernelBench level-1 file writes it: a batch and an
`input_shape` tuple, no SHAPES, no TOLERANCE; small enough that a CPU judges it at the file's own size.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        return torch.cumprod(x, dim=self.dim)


batch_size = 128
input_shape = (4000,)
dim = 1


def get_inputs():
    return [torch.randn(batch_size, *input_shape)]


def get_init_inputs():
    return [dim]
