"""GELU of the first half of a fused projection's output, times a learned gain: the input is a column slice of
a wider buffer (its rows 2 * dim apart), as the gate half of a fused gate-up or the Q part of a fused QKV
buffer is handed to the next op. A plain KernelBench file (no SHAPES) at its real size of 64 x 4096.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

batch_size = 64
dim = 4096


class Model(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.gain = nn.Parameter(torch.randn(dim))

    def forward(self, x):
        return F.gelu(x) * self.gain


def get_inputs():
    fused = torch.randn(batch_size, 2 * dim)
    return [fused[:, :dim]]


def get_init_inputs():
    return [dim]
