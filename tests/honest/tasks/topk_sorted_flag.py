"""The k largest values of each row (torch.topk along the last dim, values only), with k and the `sorted`
flag passed to forward, as a sampling step's top-k filter takes them.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 64
cols = 1024
k = 32
SHAPES = [dict(rows=3, cols=100), dict(rows=5, cols=700)]


class Model(nn.Module):
    def forward(self, x, k, sorted_out):
        return torch.topk(x, k, dim=-1, largest=True, sorted=sorted_out).values


def get_inputs():
    return [torch.randn(rows, cols), k, True]


def get_init_inputs():
    return []
