"""Elementwise chain on a 4-D activation: softsign(elu(selu(x), alpha)), alpha from the constructor.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

batch = 8
channels = 16
height = 32
width = 32
alpha = 0.7
SHAPES = [dict(batch=2, channels=3, height=7, width=9), dict(batch=1, channels=8, height=18, width=20)]
TOLERANCE = {"float32": {"atol": 1e-5, "rtol": 1e-5, "rel_l2": 1e-6}}


class Model(nn.Module):
    def __init__(self, alpha):
        super().__init__()
        self.alpha = alpha

    def forward(self, x):
        return F.softsign(F.elu(F.selu(x * 3.0), alpha=self.alpha))


def get_inputs():
    return [torch.randn(batch, channels, height, width)]


def get_init_inputs():
    return [alpha]
