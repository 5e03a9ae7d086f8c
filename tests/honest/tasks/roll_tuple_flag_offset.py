"""Roll along the rows by a shift given as a one-element tuple, plus an offset given as a one-element int
tensor, negated where a flag says so: forward arguments in the forms users pass them.

Honest-kernel corpus task (tests/honest)."""
import torch
import torch.nn as nn

rows = 64
cols = 512
SHAPES = [dict(rows=5, cols=300), dict(rows=3, cols=1024)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor, shifts: tuple, negate: bool, offset: torch.Tensor) -> torch.Tensor:
        y = torch.roll(x, shifts=shifts[0], dims=1) + offset.to(x.dtype)
        return -y if negate else y


def get_inputs():
    return [torch.randn(rows, cols), (3,), True, torch.tensor([0])]


def get_init_inputs():
    return []
