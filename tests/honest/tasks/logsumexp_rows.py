"""Log-sum-exp over the last dimension of a 2-D fp32 tensor: y (rows,).

Honest-kernel corpus task (tests/honest).
Input family shifted_rows: each row shifted by 150 to 250 either way, where exp without the max shift
underflows to 0 or overflows to inf.
"""

import torch
import torch.nn as nn

rows = 4096
cols = 4096

SHAPES = [dict(rows=6, cols=333), dict(rows=2, cols=1024)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.logsumexp(x, dim=-1)


def get_inputs():
    return [torch.randn(rows, cols) * 10.0]


def get_inputs_shifted_rows():
    sign = torch.where(torch.rand(rows, 1) < 0.5, -1.0, 1.0)
    return [torch.randn(rows, cols) * 10.0 + sign * (150 + 100 * torch.rand(rows, 1))]


INPUT_CASES = {"shifted_rows": get_inputs_shifted_rows}


def get_init_inputs():
    return []
