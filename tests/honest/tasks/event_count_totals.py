"""The total of each row of 4096 x 8192 non-negative int32 event counts (below 2**20 per cell), returned as
int64 as torch's sum of an integer tensor gives it: a row's total passes 2**31 at this size. A plain
KernelBench file.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 4096
n = 8192
max_count = 1 << 20


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, counts):
        return counts.sum(dim=1)


def get_inputs():
    return [torch.randint(0, max_count, (batch_size, n), dtype=torch.int32)]


def get_init_inputs():
    return []
