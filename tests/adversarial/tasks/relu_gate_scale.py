"""Gated per-feature scale: y = x * relu(g), g a learned gate parameter (dead features, g <= 0, give 0).

A KernelBench-format task for the adversarial suite (tests/adversarial).
"""
import torch
import torch.nn as nn

batch = 256
features = 4096
SHAPES = [dict(batch=9, features=200), dict(batch=16, features=384)]


class Model(nn.Module):
    def __init__(self, features):
        super().__init__()
        self.g = nn.Parameter(torch.randn(features))

    def forward(self, x):
        return x * torch.relu(self.g)


def get_inputs():
    return [torch.randn(batch, features)]


def get_init_inputs():
    return [features]
