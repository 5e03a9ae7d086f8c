"""Cumulative sum along dim 1 of x where a boolean mask keeps an element (masked elements count as 0).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 128
input_shape = (4000,)
dim = 1
SHAPES = [dict(batch_size=4, input_shape=(300,)), dict(batch_size=3, input_shape=(1000,))]


class Model(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.dim = dim

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return torch.cumsum(x * mask, dim=self.dim)


def get_inputs():
    x = torch.randn(batch_size, *input_shape)
    mask = torch.randint(0, 2, x.shape).bool()
    return [x, mask]


def get_init_inputs():
    return [dim]
