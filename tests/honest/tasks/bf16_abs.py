"""Absolute value of a 2-D bf16 tensor.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

rows = 1024
cols = 1024

SHAPES = [dict(rows=10, cols=100), dict(rows=3, cols=333)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.abs()


def get_inputs():
    return [torch.randn(rows, cols).bfloat16()]


def get_init_inputs():
    return []
