"""tanh(x) * alpha, where alpha is a Python float passed to forward by get_inputs.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 16
dim = 1024
SHAPES = [dict(batch=3, dim=37), dict(batch=4, dim=64)]
TOLERANCE = {"float32": {"atol": 1e-5, "rtol": 1e-5, "rel_l2": 1e-6}}
SIGNED_ARGS = (1,)  # the scale may be negative


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, alpha: float):
        return torch.tanh(x) * alpha


def get_inputs():
    return [torch.randn(batch, dim), 0.75]


def get_init_inputs():
    return []
