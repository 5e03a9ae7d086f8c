"""torch.logcumsumexp along the last dimension of a 2-D fp32 tensor.

Honest-kernel corpus task (tests/honest).
Input family shifted_rows: each row shifted by 150 to 250 either way (log-likelihoods, unnormalised
scores), where exp without a running max underflows to 0 or overflows to inf.
"""
import torch
import torch.nn as nn

rows = 8
cols = 600
SHAPES = [dict(rows=4, cols=200), dict(rows=3, cols=77)]


class Model(nn.Module):
    def forward(self, x):
        return torch.logcumsumexp(x, dim=-1)


def get_inputs():
    return [torch.randn(rows, cols) * 3]


def get_inputs_shifted_rows():
    sign = torch.where(torch.rand(rows, 1) < 0.5, -1.0, 1.0)
    return [torch.randn(rows, cols) * 3 + sign * (150 + 100 * torch.rand(rows, 1))]


INPUT_CASES = {"shifted_rows": get_inputs_shifted_rows}


def get_init_inputs():
    return []
