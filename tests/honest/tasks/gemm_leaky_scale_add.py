"""KernelBench level-2 style: Linear, LeakyReLU(negative_slope), times scale, plus add_value; the three floats
come from get_init_inputs.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

batch = 64
in_features = 128
out_features = 64
negative_slope = 0.05
scale = 2.0
add_value = 0.5
SHAPES = [dict(batch=9, in_features=20, out_features=24), dict(batch=16, in_features=32, out_features=16)]
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-4, "rel_l2": 1e-5}}


class Model(nn.Module):
    def __init__(self, in_features, out_features, negative_slope, scale, add_value):
        super().__init__()
        self.gemm = nn.Linear(in_features, out_features)
        self.negative_slope = negative_slope
        self.scale = scale
        self.add_value = add_value

    def forward(self, x):
        return F.leaky_relu(self.gemm(x), self.negative_slope) * self.scale + self.add_value


def get_inputs():
    return [torch.randn(batch, in_features)]


def get_init_inputs():
    return [in_features, out_features, negative_slope, scale, add_value]
