"""Softplus, elementwise: y = log(1 + exp(x)), computed stably (PyTorch switches to y = x above 20).

Honest-kernel corpus task (tests/honest).
Input family large_magnitude: pre-activations of about 50 either way, past 88.7, where log(1 + exp(x))
without a threshold overflows to inf.
"""

import torch
import torch.nn as nn

n = 1 << 22

SHAPES = [dict(n=1000), dict(n=4096)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.nn.functional.softplus(x)


def get_inputs():
    return [torch.randn(n) * 8.0]


def get_inputs_large_magnitude():
    return [torch.randn(n) * 50.0]


INPUT_CASES = {"large_magnitude": get_inputs_large_magnitude}


def get_init_inputs():
    return []
