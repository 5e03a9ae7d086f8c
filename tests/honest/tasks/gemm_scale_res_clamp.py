"""KernelBench level-2 style: y = clamp((x @ W^T + b) * scale + residual, -1, 1).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 128
in_features = 512
out_features = 512
scale = 0.5
SHAPES = [dict(batch=17, in_features=40, out_features=24), dict(batch=16, in_features=32, out_features=48)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, in_features, out_features, scale):
        super().__init__()
        self.gemm = nn.Linear(in_features, out_features)
        self.scale = scale

    def forward(self, x, residual):
        y = self.gemm(x) * self.scale + residual
        return torch.clamp(y, -1.0, 1.0)


def get_inputs():
    return [torch.randn(batch, in_features), torch.randn(batch, out_features)]


def get_init_inputs():
    return [in_features, out_features, scale]
