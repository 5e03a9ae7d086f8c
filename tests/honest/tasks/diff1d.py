"""First difference of a 1-D fp32 vector: y[i] = x[i+1] - x[i].

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

N = 1 << 22
SHAPES = [dict(N=4001), dict(N=2049)]
TOLERANCE = {"float32": {"atol": 1e-5, "rtol": 1e-5, "rel_l2": 1e-6}}


class Model(nn.Module):
    def forward(self, x):
        return torch.diff(x)


def get_inputs():
    return [torch.randn(N)]


def get_init_inputs():
    return []
