"""Cumulative sum along each row, written as a KernelBench level-1 file writes a scan: a batch and an
`input_shape` tuple, no SHAPES and no TOLERANCE (the judge picks sizes for the interpreter and uses its default
tolerance).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        return torch.cumsum(x, dim=self.dim)


batch_size = 128
input_shape = (32768,)
dim = 1


def get_inputs():
    return [torch.randn(batch_size, *input_shape)]


def get_init_inputs():
    return [dim]
