"""Cumulative product along the last dim. Inputs near 1 in magnitude (the products stay in range), of
both signs in the `signed` family: a product is not a sum of logarithms.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 1024
cols = 128
SHAPES = [dict(rows=5, cols=30), dict(rows=3, cols=64)]


class Model(nn.Module):
    def forward(self, x):
        return torch.cumprod(x, dim=-1)


def get_inputs():
    return [1.0 + 0.05 * torch.randn(rows, cols)]


def get_inputs_signed():
    signs = torch.where(torch.rand(rows, cols) < 0.5, -1.0, 1.0)
    return [signs * (1.0 + 0.05 * torch.randn(rows, cols))]


INPUT_CASES = {"signed": get_inputs_signed}


def get_init_inputs():
    return []
