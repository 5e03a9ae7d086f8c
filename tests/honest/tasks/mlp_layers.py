"""KernelBench level-3 style MLP: an nn.ModuleList of Linear layers with ReLU between them (none after the last).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 32
d_in = 64
d_hidden = 128
d_out = 32
num_layers = 3
SHAPES = [dict(batch=7, d_in=12, d_hidden=20, d_out=6), dict(batch=16, d_in=16, d_hidden=32, d_out=16)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, d_in, d_hidden, d_out, num_layers):
        super().__init__()
        dims = [d_in] + [d_hidden] * (num_layers - 1) + [d_out]
        self.layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(dims[:-1], dims[1:])])

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i < len(self.layers) - 1:
                x = torch.relu(x)
        return x


def get_inputs():
    return [torch.randn(batch, d_in)]


def get_init_inputs():
    return [d_in, d_hidden, d_out, num_layers]
