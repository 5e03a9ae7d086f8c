"""Rotate each row of a 2-D fp32 tensor by a shift given to forward (a ring buffer's read position).

y[i, j] = x[i, (j - shift) mod cols]   (torch.roll along the last dimension)

Honest-kernel corpus task (tests/honest): the shift is a plain int argument of forward, as a position or an
offset is; the judge moves it as it moves a float argument.
"""

import torch
import torch.nn as nn

rows = 64
cols = 4096

SHAPES = [dict(rows=5, cols=999), dict(rows=3, cols=2048)]
SIGNED_ARGS = (1,)  # a shift of either sign: torch.roll takes negative ones


class Model(nn.Module):
    def forward(self, x: torch.Tensor, shift: int) -> torch.Tensor:
        return torch.roll(x, shifts=shift, dims=-1)


def get_inputs():
    return [torch.randn(rows, cols), 3]


def get_init_inputs():
    return []
