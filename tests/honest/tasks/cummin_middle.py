"""torch.cummin over the middle dimension of a 3-D tensor: values and indices.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 8
seq_len = 512
hidden = 64


class Model(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        values, indices = torch.cummin(x, dim=self.dim)
        return values, indices


def get_inputs():
    return [torch.randn(batch_size, seq_len, hidden)]


def get_init_inputs():
    return [1]
