"""LayerScale (CaiT / ConvNeXt): y = gamma * x, gamma a learned per-channel scale initialised at 1e-6.
x is (tokens, dim) float32; gamma (dim,) float32; y (tokens, dim) float32. Every output is far below the
default fp32 atol (1e-4): only the relative L2 bound tells a right output from a wrong one.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

tokens = 4096
dim = 1024
SHAPES = [dict(tokens=33, dim=384), dict(tokens=64, dim=1024)]


class Model(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.gamma = nn.Parameter(1e-6 * torch.ones(dim))

    def forward(self, x):
        return self.gamma * x


def get_inputs():
    return [torch.randn(tokens, dim)]


def get_init_inputs():
    return [dim]
