"""Mean squared error of two fp32 tensors, reduced to a 0-dim tensor.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

n = 1 << 22

SHAPES = [dict(n=1000), dict(n=5000)]
TOLERANCE = {"float32": {"atol": 1e-5, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return F.mse_loss(a, b)


def get_inputs():
    return [torch.randn(n), torch.randn(n)]


def get_init_inputs():
    return []
