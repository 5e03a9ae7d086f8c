"""KernelBench level-2 style: Linear, times a learned scalar (a 0-dim nn.Parameter), then sigmoid.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 64
in_features = 128
out_features = 64
SHAPES = [dict(batch=9, in_features=20, out_features=24), dict(batch=16, in_features=32, out_features=16)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.fc = nn.Linear(in_features, out_features)
        self.scale = nn.Parameter(torch.tensor(1.5))

    def forward(self, x):
        return torch.sigmoid(self.fc(x) * self.scale)


def get_inputs():
    return [torch.randn(batch, in_features)]


def get_init_inputs():
    return [in_features, out_features]
