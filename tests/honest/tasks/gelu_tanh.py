"""GELU with the tanh approximation, elementwise on a 2-D fp32 tensor.

y = 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3)))

Written for the honest-kernel corpus (tests/honest): small SHAPES so the Triton interpreter runs it in seconds.
"""

import torch
import torch.nn as nn

rows = 2048
cols = 4096

SHAPES = [dict(rows=3, cols=1000), dict(rows=2, cols=257)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.nn.functional.gelu(x, approximate="tanh")


def get_inputs():
    return [torch.randn(rows, cols) * 3.0]


def get_init_inputs():
    return []
