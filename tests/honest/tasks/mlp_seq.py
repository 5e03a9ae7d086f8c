"""nn.Sequential MLP: Linear -> ReLU -> Linear.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 128
d_in = 256
d_hidden = 512
d_out = 256
SHAPES = [dict(batch=9, d_in=20, d_hidden=24, d_out=12), dict(batch=16, d_in=16, d_hidden=32, d_out=16)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, d_in, d_hidden, d_out):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(d_in, d_hidden), nn.ReLU(), nn.Linear(d_hidden, d_out))

    def forward(self, x):
        return self.net(x)


def get_inputs():
    return [torch.randn(batch, d_in)]


def get_init_inputs():
    return [d_in, d_hidden, d_out]
