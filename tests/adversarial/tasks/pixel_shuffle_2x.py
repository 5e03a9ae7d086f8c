"""Pixel shuffle with an upscale factor of 2: (N, 4C, H, W) -> (N, C, 2H, 2W), fp32.

Adversarial-suite task (tests/adversarial): pure data movement.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

N, C, H, W = 8, 64, 128, 128

SHAPES = [dict(N=2, C=3, H=5, W=7), dict(N=1, C=4, H=8, W=16)]
TOLERANCE = {"float32": {"atol": 0.0, "rtol": 0.0, "rel_l2": 0.0}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.pixel_shuffle(x, 2)


def get_inputs():
    return [torch.randn(N, 4 * C, H, W)]


def get_init_inputs():
    return []
