"""Linear + bias + GELU(tanh) fused: y = gelu(x @ W^T + b), fp32.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 256
in_features = 512
out_features = 512

SHAPES = [dict(batch=17, in_features=40, out_features=24), dict(batch=16, in_features=32, out_features=48)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, in_features: int, out_features: int):
        super().__init__()
        self.fc = nn.Linear(in_features, out_features)

    def forward(self, x):
        return torch.nn.functional.gelu(self.fc(x), approximate="tanh")


def get_inputs():
    return [torch.randn(batch, in_features)]


def get_init_inputs():
    return [in_features, out_features]
