"""Layout change of a 4-D fp32 tensor: x.permute(0, 2, 3, 1).contiguous() (NCHW to NHWC, a data-movement task).

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

batch = 8
channels = 64
height = 56
width = 56

SHAPES = [dict(batch=2, channels=3, height=5, width=7), dict(batch=1, channels=16, height=8, width=4)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.permute(0, 2, 3, 1).contiguous()


def get_inputs():
    return [torch.randn(batch, channels, height, width)]


def get_init_inputs():
    return []
