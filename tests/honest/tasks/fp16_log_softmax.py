"""log_softmax over the last dimension of an fp16 matrix.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 32
dim = 2000
SHAPES = [dict(batch_size=5, dim=333), dict(batch_size=9, dim=700)]


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        return torch.log_softmax(x, dim=-1)


def get_inputs():
    return [torch.randn(batch_size, dim).half()]


def get_init_inputs():
    return []
