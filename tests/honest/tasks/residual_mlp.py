"""KernelBench level-3 style residual block: y = x + fc2(relu(fc1(x))).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 64
d_model = 128
d_ff = 256
SHAPES = [dict(batch=9, d_model=20, d_ff=36), dict(batch=16, d_model=32, d_ff=64)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, d_model, d_ff):
        super().__init__()
        self.fc1 = nn.Linear(d_model, d_ff)
        self.fc2 = nn.Linear(d_ff, d_model)

    def forward(self, x):
        return x + self.fc2(torch.relu(self.fc1(x)))


def get_inputs():
    return [torch.randn(batch, d_model)]


def get_init_inputs():
    return [d_model, d_ff]
