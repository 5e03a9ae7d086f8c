"""Softmax of logits divided by a temperature of 0.7, over the last dimension.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 1024
cols = 4096

SHAPES = [dict(rows=5, cols=300), dict(rows=3, cols=2048)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.softmax(x / 0.7, dim=-1)


def get_inputs():
    return [torch.randn(rows, cols) * 3.0]


def get_init_inputs():
    return []
