"""Row top-k values and indices (sorted, largest first; among equal values the lower index first, as a stable
descending sort gives them: torch.topk's own order among equal values is unspecified, and a row with ties,
which exact zeros and the judge's partly changed rows make common, would otherwise have several right answers).

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
        v, i = torch.sort(x, dim=-1, descending=True, stable=True)
        return v[..., : self.k].contiguous(), i[..., : self.k].contiguous()


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return [k]
