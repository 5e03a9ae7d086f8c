"""ReLU of each row with the first column zeroed (a masked slot).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 2048
cols = 2048

SHAPES = [dict(rows=5, cols=300), dict(rows=3, cols=1024)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.relu(x)
        y[:, 0] = 0.0
        return y


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return []
