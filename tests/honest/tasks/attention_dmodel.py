"""Single-head attention softmax(Q K^T / sqrt(d)) V over (batch, seq, d_model) fp32, the feature width named
`d_model`: a size the judge draws like any other, which the task gives only as powers of two.

Honest-kernel corpus task (tests/honest).
"""
import math

import torch
import torch.nn as nn

batch = 4
seq = 256
d_model = 128
SHAPES = [dict(batch=2, seq=40, d_model=32), dict(batch=1, seq=24, d_model=64)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def forward(self, q, k, v):
        s = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
        return torch.softmax(s, dim=-1) @ v


def get_inputs():
    return [torch.randn(batch, seq, d_model), torch.randn(batch, seq, d_model), torch.randn(batch, seq, d_model)]


def get_init_inputs():
    return []
