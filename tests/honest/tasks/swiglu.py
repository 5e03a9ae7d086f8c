"""SwiGLU gate of two fp16 tensors: silu(a) * b, computed in fp32 and returned in fp16.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

rows = 4096
cols = 4096

SHAPES = [dict(rows=5, cols=300), dict(rows=2, cols=1024)]


class Model(nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return (F.silu(a.float()) * b.float()).half()


def get_inputs():
    return [torch.randn(rows, cols).half(), torch.randn(rows, cols).half()]


def get_init_inputs():
    return []
