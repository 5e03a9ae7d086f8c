"""GeGLU gate: gelu_tanh(a) * b on fp32 (batch, seq, hidden) tensors.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

batch = 4
seq = 512
hidden = 1024

SHAPES = [dict(batch=2, seq=5, hidden=48), dict(batch=1, seq=3, hidden=300)]


class Model(nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return F.gelu(a, approximate="tanh") * b


def get_inputs():
    return [torch.randn(batch, seq, hidden), torch.randn(batch, seq, hidden)]


def get_init_inputs():
    return []
