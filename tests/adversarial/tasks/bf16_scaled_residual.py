"""bf16 residual of a scaled prediction: y = x * s - t, all bf16 (torch rounds the product, then the
difference). t is close to x * s, so y is a small residual.

Adversarial-suite task (tests/adversarial).
"""
import torch
import torch.nn as nn

rows = 4096
cols = 4096

SHAPES = [
    dict(rows=5, cols=1000),
    dict(rows=4, cols=4096),
]

TOLERANCE = {"bfloat16": {"atol": 1e-2, "rtol": 1e-2, "rel_l2": 1e-2}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, s, t):
        return x * s - t


def get_inputs():
    x = (torch.randn(rows, cols) * 8).bfloat16()
    s = (torch.rand(rows, cols) + 0.5).bfloat16()
    t = (x.float() * s.float() + 0.05 * torch.randn(rows, cols)).bfloat16()
    return [x, s, t]


def get_init_inputs():
    return []
