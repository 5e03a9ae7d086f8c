"""Softmax of (rows, cols) fp32 logits over the dimension given to forward (the task gives the last, -1).

Honest-kernel corpus task (tests/honest): an int argument of forward that a kernel may support only as given.
"""
import torch
import torch.nn as nn

rows = 4096
cols = 8192

SHAPES = [dict(rows=5, cols=999), dict(rows=33, cols=128)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor, dim: int) -> torch.Tensor:
        return torch.softmax(x, dim=dim)


def get_inputs():
    return [torch.randn(rows, cols), -1]


def get_init_inputs():
    return []
