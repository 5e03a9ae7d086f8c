"""tanh(x) * gain, where gain is a float forward takes; get_inputs computes it with numpy (1/sqrt(2), a
residual-branch gain), so it is a numpy float64 (a subclass of Python's float).

Honest-kernel corpus task (tests/honest).
"""
import numpy as np
import torch
import torch.nn as nn

batch = 16
dim = 1024
SHAPES = [dict(batch=3, dim=37), dict(batch=4, dim=64)]
TOLERANCE = {"float32": {"atol": 1e-5, "rtol": 1e-5, "rel_l2": 1e-6}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, gain: float):
        return torch.tanh(x) * gain


def get_inputs():
    return [torch.randn(batch, dim), np.sqrt(0.5)]


def get_init_inputs():
    return []
