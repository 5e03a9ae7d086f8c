"""Hinge loss: mean(clamp(1 - predictions * targets, min=0)), targets in {-1, 1} (KernelBench level-1 style).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 128
input_shape = (1,)
dim = 1


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, predictions, targets):
        return torch.mean(torch.clamp(1 - predictions * targets, min=0))


def get_inputs():
    return [torch.randn(batch_size, *input_shape), torch.randint(0, 2, (batch_size,)).float() * 2 - 1]


def get_init_inputs():
    return []
