"""Row top-k values and indices (sorted, largest first). Each row holds distinct values (a permutation of
whole numbers, scaled): which index torch.topk returns among equal values is its own, so a row with ties would
have more than one right answer (fp32 normals tie within some row of a 1024-row batch in about one call of 13).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 1024
cols = 512
k = 16
SHAPES = [dict(rows=5, cols=100, k=8), dict(rows=3, cols=256, k=16)]


class Model(nn.Module):
    def __init__(self, k):
        super().__init__()
        self.k = k

    def forward(self, x):
        v, i = torch.topk(x, self.k, dim=-1)
        return v, i


def get_inputs():
    order = torch.rand(rows, cols).argsort(dim=-1)
    return [(order.float() - cols / 2) * 0.01]


def get_init_inputs():
    return [k]
