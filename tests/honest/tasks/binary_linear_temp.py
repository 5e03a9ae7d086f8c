"""BinaryConnect linear layer with a learned per-output temperature: y = (x @ sign(W)^T) / tau + b.

The latent weight W is binarised by torch.sign (a latent weight of exactly 0, as pruning leaves it,
contributes 0); tau is a learned positive temperature per output feature.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

batch = 32
in_features = 256
out_features = 128
SHAPES = [dict(batch=3, in_features=40, out_features=24), dict(batch=5, in_features=64, out_features=16)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_features, in_features))
        self.tau = nn.Parameter(torch.rand(out_features) + 0.5)
        self.bias = nn.Parameter(torch.randn(out_features) * 0.1)

    def forward(self, x):
        return F.linear(x, torch.sign(self.weight)) / self.tau + self.bias


def get_inputs():
    return [torch.randn(batch, in_features)]


def get_init_inputs():
    return [in_features, out_features]
