"""Softmax over the last dimension of 256 rows of 4096 attention-like scores. A plain KernelBench file (no
SHAPES, no tolerance of its own): the judge's default fp32 tolerance applies at every shape it checks.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 256
dim = 4096


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, scores):
        return torch.softmax(scores, dim=-1)


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return []
