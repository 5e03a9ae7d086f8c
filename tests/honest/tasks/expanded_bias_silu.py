"""SiLU of x plus a bias row that the caller broadcast over the batch with `expand` (stride 0 along the batch:
one row of memory read by every row). A plain KernelBench file (no SHAPES) at its real size of 64 x 2048.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

batch_size = 64
dim = 2048


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, bias):
        return F.silu(x + bias)


def get_inputs():
    return [torch.randn(batch_size, dim), torch.randn(1, dim).expand(batch_size, dim)]


def get_init_inputs():
    return []
