"""Per-row histogram of small non-negative integer codes: counts[r, b] = #{j : x[r, j] == b}.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 256
cols = 1024
nbins = 64
SHAPES = [dict(rows=5, cols=300, nbins=16), dict(rows=3, cols=128, nbins=64)]


class Model(nn.Module):
    def __init__(self, nbins):
        super().__init__()
        self.nbins = nbins

    def forward(self, x):
        return torch.nn.functional.one_hot(x, self.nbins).sum(dim=1)


def get_inputs():
    return [torch.randint(0, nbins, (rows, cols))]


def get_init_inputs():
    return [nbins]
