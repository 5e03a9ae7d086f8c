"""y = x * scale + shift, elementwise in bf16, with per-column scale and shift.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 64
cols = 512
SHAPES = [dict(rows=5, cols=300), dict(rows=3, cols=1024)]


class Model(nn.Module):
    def forward(self, x, scale, shift):
        return x * scale + shift


def get_inputs():
    return [torch.randn(rows, cols, dtype=torch.bfloat16), torch.randn(cols, dtype=torch.bfloat16),
            torch.randn(cols, dtype=torch.bfloat16)]


def get_init_inputs():
    return []
