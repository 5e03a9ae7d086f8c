"""Post-norm residual of a transformer block: LayerNorm(x + residual) over the last dim of (batch, seq, d) tensors.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 4
seq = 64
d = 256
SHAPES = [dict(batch=3, seq=5, d=24), dict(batch=2, seq=8, d=64)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.ln = nn.LayerNorm(d, eps=1e-6)

    def forward(self, x, residual):
        return self.ln(x + residual)


def get_inputs():
    return [torch.randn(batch, seq, d), torch.randn(batch, seq, d)]


def get_init_inputs():
    return [d]
