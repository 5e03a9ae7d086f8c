"""Out-of-place transpose of a 2-D fp32 tensor (the output is contiguous).

Honest-kernel corpus task (tests/honest): data movement, so the copy must be the candidate's kernel.
"""

import torch
import torch.nn as nn

rows = 4096
cols = 4096

SHAPES = [dict(rows=37, cols=70), dict(rows=64, cols=16)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.t().contiguous()


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return []
