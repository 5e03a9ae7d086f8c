"""Per-row sparsity figures of 128 rows of 4096 activations: where the entry of least magnitude is
(`argmin(|x|)`), and how many entries are not zero (`count_nonzero`). A plain KernelBench file: two integer
outputs, one of them an index that ties among exact zeros.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 128
dim = 4096


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        return torch.argmin(x.abs(), dim=1), torch.count_nonzero(x, dim=1)


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return []
