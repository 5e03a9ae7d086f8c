"""Maximum over the last dimension of a 2-D fp32 tensor (values only, signed): torch.amax(x, dim=-1).

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

rows = 256
cols = 65536

SHAPES = [dict(rows=5, cols=3000), dict(rows=3, cols=1024)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.amax(x, dim=-1)


def get_inputs():
    return [torch.randn(rows, cols) - 4.0]


def get_init_inputs():
    return []
