"""A gated activation that also hands its input on unchanged, as a block returns its residual stream:
(silu(x) * g, x), the second output the input tensor itself.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

ROWS = 2048
COLS = 4096
SHAPES = [dict(ROWS=7, COLS=300), dict(ROWS=3, COLS=1024)]


class Model(nn.Module):
    def forward(self, x, g):
        return torch.nn.functional.silu(x) * g, x


def get_inputs():
    return [torch.randn(ROWS, COLS), torch.randn(ROWS, COLS)]


def get_init_inputs():
    return []
