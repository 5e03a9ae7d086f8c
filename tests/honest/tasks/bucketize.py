"""Bucket index of every value of x against a fixed, sorted boundary table (a buffer built with linspace):
torch.bucketize with right=False.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn


class Model(nn.Module):
    """Bucket index of every value against fixed, sorted bucket boundaries (torch.bucketize, right=False)."""

    def __init__(self, num_boundaries):
        super().__init__()
        self.register_buffer("boundaries", torch.linspace(-2.0, 2.0, num_boundaries))

    def forward(self, x):
        return torch.bucketize(x, self.boundaries)


batch_size = 64
dim = 8192
num_boundaries = 31


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return [num_boundaries]
