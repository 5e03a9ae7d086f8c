"""Softmax with a temperature handed to forward as a 0-d tensor.

Temperature as a tensor is how a schedule or a learned scalar reaches a module at call time.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 64
cols = 512
SHAPES = [dict(rows=5, cols=300), dict(rows=3, cols=1024)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor, temperature: torch.Tensor) -> torch.Tensor:
        return torch.softmax(x / temperature, dim=-1)


def get_inputs():
    return [torch.randn(rows, cols), torch.tensor(2.0)]


def get_init_inputs():
    return []
