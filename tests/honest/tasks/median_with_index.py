"""Median of each row with its index: a plain KernelBench file, no knobs.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn


class Model(nn.Module):
    """Median of each row with its index (torch.median along the last dimension: values and indices)."""

    def __init__(self):
        super().__init__()

    def forward(self, x):
        values, indices = torch.median(x, dim=-1)
        return values, indices


batch_size = 16
dim = 1000


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return []
