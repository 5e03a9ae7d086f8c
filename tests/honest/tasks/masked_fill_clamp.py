"""Fill masked positions with a value, then clamp into [min_val, max_val].

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 32
dim = 4096
min_val = -0.75
max_val = 1.25


class Model(nn.Module):
    def __init__(self, min_val, max_val):
        super().__init__()
        self.min_val = min_val
        self.max_val = max_val

    def forward(self, x, mask):
        x = x.masked_fill(mask, -3.0)
        return torch.clamp(x, min=self.min_val, max=self.max_val)


def get_inputs():
    x = torch.randn(batch_size, dim)
    mask = torch.rand(batch_size, dim) > 0.7
    return [x, mask]


def get_init_inputs():
    return [min_val, max_val]
