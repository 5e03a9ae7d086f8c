"""Normalise a (batch, channels, h, w) fp32 tensor by its Frobenius norm: y = x / ||x||_F.

Honest-kernel corpus task (tests/honest): the norm runs over the whole tensor, so the judge also checks the
task's own reduction length (a million elements), where torch's fp32 norm on a CPU is itself off by about 1e-5.
"""

import torch
import torch.nn as nn

batch = 8
channels = 32
h = 64
w = 64

SHAPES = [dict(batch=2, channels=3, h=9, w=11), dict(batch=1, channels=4, h=16, w=16)]
TOLERANCE = {"float32": {"atol": 1e-6, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x / torch.norm(x, p="fro")


def get_inputs():
    return [torch.randn(batch, channels, h, w)]


def get_init_inputs():
    return []
