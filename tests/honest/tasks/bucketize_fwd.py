"""Bucket index of every value of x against a sorted boundary table passed to forward (torch.bucketize's own
two-argument form, right=False). The boundaries are a fixed, sorted linspace, as a quantiser's bin edges are.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 64
dim = 4096
num_boundaries = 31
SHAPES = [dict(batch_size=3, dim=257, num_boundaries=7), dict(batch_size=5, dim=1000, num_boundaries=64)]


class Model(nn.Module):
    def forward(self, x, boundaries):
        return torch.bucketize(x, boundaries)


def get_inputs():
    return [torch.randn(batch_size, dim), torch.linspace(-2.0, 2.0, num_boundaries)]


def get_init_inputs():
    return []
