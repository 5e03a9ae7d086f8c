"""ReLU on a channels_last 4-D input.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

B = 8
C = 32
H = 32
W = 32
SHAPES = [dict(B=2, C=3, H=5, W=7), dict(B=1, C=8, H=4, W=4)]


class Model(nn.Module):
    def forward(self, x):
        return torch.relu(x)


def get_inputs():
    return [torch.randn(B, C, H, W).to(memory_format=torch.channels_last)]


def get_init_inputs():
    return []
