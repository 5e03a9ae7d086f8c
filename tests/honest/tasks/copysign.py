"""torch.copysign of two fp32 tensors: the magnitude of a with the sign bit of b.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

n = 1 << 20

SHAPES = [dict(n=1000), dict(n=4096)]


class Model(nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return torch.copysign(a, b)


def get_inputs():
    return [torch.randn(n), torch.randn(n)]


def get_init_inputs():
    return []
