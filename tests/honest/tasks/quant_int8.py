"""Per-row symmetric int8 quantisation of a 2-D fp32 tensor: scale = max|x| / 127 per row,
q = round-half-to-even(x / scale) clamped to [-127, 127]; returns (q as int8, scale as (rows, 1) fp32).

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

rows = 1024
cols = 4096

SHAPES = [dict(rows=5, cols=100), dict(rows=3, cols=512)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor):
        scale = x.abs().amax(dim=1, keepdim=True) / 127.0
        q = torch.round(x / scale).clamp(-127, 127).to(torch.int8)
        return q, scale


def get_inputs():
    return [torch.randn(rows, cols) * 3.0]


def get_init_inputs():
    return []
