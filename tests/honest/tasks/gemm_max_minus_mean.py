"""KernelBench level-2 style: Linear, then per row the max over the features minus the mean over them, (batch, 1).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 64
in_features = 128
out_features = 256
SHAPES = [dict(batch=9, in_features=20, out_features=24), dict(batch=16, in_features=32, out_features=48)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.gemm = nn.Linear(in_features, out_features)

    def forward(self, x):
        y = self.gemm(x)
        return y.max(dim=1, keepdim=True).values - y.mean(dim=1, keepdim=True)


def get_inputs():
    return [torch.randn(batch, in_features)]


def get_init_inputs():
    return [in_features, out_features]
