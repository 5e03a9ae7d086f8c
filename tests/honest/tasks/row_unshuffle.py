"""Undo a per-row shuffle: perm[i] is a permutation of range(cols) (where row i's element j was sent), and
out[i, perm[i, j]] = x[i, j]. The reference applies the inverse permutation as a gather.

Honest-kernel corpus task (tests/honest): an integer input whose rows are permutations.
"""
import torch
import torch.nn as nn

rows = 64
cols = 4096
SHAPES = [dict(rows=3, cols=37), dict(rows=5, cols=256)]


class Model(nn.Module):
    def forward(self, x, perm):
        inv = torch.argsort(perm, dim=1)
        return torch.gather(x, 1, inv)


def get_inputs():
    x = torch.randn(rows, cols)
    perm = torch.argsort(torch.rand(rows, cols), dim=1)
    return [x, perm]


def get_init_inputs():
    return []
