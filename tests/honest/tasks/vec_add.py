"""Sum of two 1-D fp32 vectors.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

n = 1 << 20

SHAPES = [dict(n=1000), dict(n=4097)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return x + y


def get_inputs():
    return [torch.randn(n), torch.randn(n)]


def get_init_inputs():
    return []
