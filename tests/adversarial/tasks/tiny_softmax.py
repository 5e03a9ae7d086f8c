"""Softmax over very wide rows: every output is far below 1e-2 (adversarial-suite task, not part of a suite).

y[i, j] = exp(x[i, j] - max_k x[i, k]) / sum_k exp(x[i, k] - max_k x[i, k])

Shapes: x is (batch_size, dim) float32 standard normal, dim >= 16384, so every y < 0.005.
Tolerance is KernelBench's loose atol = rtol = 1e-2: all-zeros or a constant 1/dim pass every
elementwise check (KernelBench issue #165) and only the relative L2 norm exposes them.
"""

import torch
import torch.nn as nn

batch_size = 4
dim = 16384

SHAPES = [dict(batch_size=2, dim=16384)]

TOLERANCE = {"float32": {"atol": 1e-2, "rtol": 1e-2, "rel_l2": 1e-3}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.softmax(x, dim=-1)


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return []
