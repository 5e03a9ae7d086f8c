"""A linear layer y = x @ W^T + b with the weight in nn.Linear's (out, in) layout, fp32.

Honest-kernel corpus task (tests/honest): kernels that keep the weight in a layout of their own (transposed,
packed) compute it from the parameter, and again when the parameter changes.
"""

import torch
import torch.nn as nn

batch = 512
in_features = 1024
out_features = 1024

SHAPES = [dict(batch=33, in_features=40, out_features=70), dict(batch=16, in_features=64, out_features=32)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, in_features: int, out_features: int):
        super().__init__()
        self.proj = nn.Linear(in_features, out_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(x)


def get_inputs():
    return [torch.randn(batch, in_features)]


def get_init_inputs():
    return [in_features, out_features]
