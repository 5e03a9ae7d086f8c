"""Squared ReLU: relu(x) ** 2, fp16 in and out.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

n = 1 << 20
SHAPES = [dict(n=1000), dict(n=4099)]


class Model(nn.Module):
    def forward(self, x):
        return torch.relu(x.float()).pow(2).half()


def get_inputs():
    return [torch.randn(n).half()]


def get_init_inputs():
    return []
