"""y = (x @ W^T + b) * scale, with nn.Linear(in, out) and a learned per-feature scale nn.Parameter, plus
a fixed offset buffer.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 128
in_features = 256
out_features = 256
SHAPES = [dict(batch=9, in_features=20, out_features=24), dict(batch=16, in_features=32, out_features=48)]


class Model(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.fc = nn.Linear(in_features, out_features)
        self.scale = nn.Parameter(torch.randn(out_features) * 0.5 + 1.0)
        self.register_buffer("offset", torch.linspace(-1, 1, out_features))

    def forward(self, x):
        return self.fc(x) * self.scale + self.offset


def get_inputs():
    return [torch.randn(batch, in_features)]


def get_init_inputs():
    return [in_features, out_features]
