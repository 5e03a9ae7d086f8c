"""An nn.Dropout(0.1) followed by y = 2x + 1 on a 1-D fp32 tensor (the judge runs eval mode: dropout is the
identity there).

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

n = 1 << 20

SHAPES = [dict(n=1000), dict(n=2500)]


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.drop(x) * 2.0 + 1.0


def get_inputs():
    return [torch.randn(n)]


def get_init_inputs():
    return []
