"""Cumulative product along each row of values in [0, 1), sized as KernelBench sizes its scans (a batch and an
`input_shape` tuple), with small SHAPES for the interpreter. The product underflows to 0 within a few hundred
columns, so an output at the end of a long row does not change with the first input.

Adversarial-suite task (tests/adversarial).
"""
import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cumprod(x, dim=self.dim)


batch_size = 32768
input_shape = (32768,)
dim = 1

SHAPES = [dict(batch_size=4, input_shape=(1000,)), dict(batch_size=3, input_shape=(3000,))]


def get_inputs():
    return [torch.rand(batch_size, *input_shape)]


def get_init_inputs():
    return [dim]
