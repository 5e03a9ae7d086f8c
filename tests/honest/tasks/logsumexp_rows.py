"""Log-sum-exp over the last dimension of a 2-D fp32 tensor: y (rows,).

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

rows = 4096
cols = 4096

SHAPES = [dict(rows=6, cols=333), dict(rows=2, cols=1024)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.logsumexp(x, dim=-1)


def get_inputs():
    return [torch.randn(rows, cols) * 10.0]


def get_init_inputs():
    return []
