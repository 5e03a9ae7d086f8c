"""Random Fourier features for an RBF kernel (Rahimi & Recht): z(x) = sqrt(2/D) cos(x W + b).

z[i, j] = sqrt(2 / D) * cos( sum_k x[i, k] * W[k, j] + b[j] )

Shapes: x is (n, d) float32 (131072 points in d = 64); the module holds fixed random
buffers W (d, D) ~ N(0, 1/lengthscale^2) with lengthscale 4 and b (D,) ~ U(0, 2 pi), D = 4096
features; z is (n, D) float32 (2 GiB). z(x) . z(y) approximates exp(-|x-y|^2 / (2 l^2)).
Full fp32 (no TF32): the cosine argument is O(3), so TF32 rounding would be visible.
Input families: none — the cosine argument's rounding error grows with its size, so larger inputs
would fail honest GEMMs in another summation order; typical arguments (up to ~15) already show TF32.
Mixed bound: writing z dominates the traffic; the d = 64 GEMM is 128 flops per output.
Source: Rahimi & Recht 2007, "Random Features for Large-Scale Kernel Machines".
"""

import math

import torch
import torch.nn as nn

n = 131072
d = 64
num_features = 4096
lengthscale = 4.0

SHAPES = [
    dict(n=37, d=5, num_features=100),
    dict(n=64, d=64, num_features=128),
]

# cosine arguments reach ~15 (fp32 ulp ~1e-6); errors scale with sqrt(2/D), which is 0.125 at D=128
TOLERANCE = {"float32": {"atol": 5e-7, "rtol": 1e-5, "rel_l2": 2e-6}}


class Model(nn.Module):
    def __init__(self, d: int, num_features: int, lengthscale: float):
        super().__init__()
        self.register_buffer("W", torch.randn(d, num_features) / lengthscale)
        self.register_buffer("b", torch.rand(num_features) * (2 * math.pi))
        self.scale = math.sqrt(2.0 / num_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.scale * torch.cos(x @ self.W + self.b)


def get_inputs():
    return [torch.randn(n, d)]


def get_init_inputs():
    return [d, num_features, lengthscale]


def flops(x):
    return 2.0 * x.shape[0] * x.shape[1] * num_features + 4.0 * x.shape[0] * num_features


def bytes_moved(x):
    return (x.numel() + x.shape[1] * num_features + num_features + x.shape[0] * num_features) * 4.0
