"""Unbiased variance over the last dim.

Honest-kernel corpus task (tests/honest).
Input family large_offset: rows around 300 to 600 with a spread of about 1 (sensor readings, unnormalised
features), where a one-pass E[x^2] - E[x]^2 in fp32 cancels away the variance.
"""
import torch
import torch.nn as nn

rows = 1024
cols = 4096
SHAPES = [dict(rows=5, cols=300), dict(rows=3, cols=1024)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def forward(self, x):
        return torch.var(x, dim=-1)


def get_inputs():
    return [torch.randn(rows, cols) * 3 + 2]


def get_inputs_large_offset():
    return [torch.randn(rows, cols) + 300 * (1 + torch.rand(rows, 1))]


INPUT_CASES = {"large_offset": get_inputs_large_offset}


def get_init_inputs():
    return []
