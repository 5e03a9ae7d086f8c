"""Logits divided by a sampling temperature given as a one-element tensor (as samplers pass it, so that a
new temperature needs no recompile): y = x / t.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 32
vocab = 4096
SHAPES = [dict(batch=8, vocab=300), dict(batch=5, vocab=777)]


class Model(nn.Module):
    def forward(self, x, t):
        return x / t


def get_inputs():
    return [torch.randn(batch, vocab), torch.rand(1) + 0.5]


def get_init_inputs():
    return []
