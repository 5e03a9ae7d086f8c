"""Gaussian kernel density estimate, log-density at query points, in high dimension (fp32).

log p(y_q) = logsumexp_i( -||y_q - x_i||^2 / (2 h^2) ) - log(n) - (d / 2) log(2 pi h^2)

Shapes: queries y (m, d) and data x (n, d) float32 with m = 8192, n = 32768, d = 256;
bandwidth h = 1.3 (constructor argument; the small SHAPES take 0.8 and 1.6: h^2 is the
Gaussian's variance, never h itself); output (m,) float32. In 256 dimensions the exponents
are around -150, so exp() underflows without the logsumexp max-shift, and the sum is
dominated by a handful of nearest points. Squared distances use the expansion
|y|^2 + |x|^2 - 2 y.x (clamped at 0), as the reference does; full fp32 (no TF32).
Input families: far_queries (each query moved 24 h away from the data in a random direction, so
the exponents are about -150 and below at any d and h, the small SHAPES included: exp() underflows
to 0 without the max shift; |y|^2 stays small enough for the expansion's rounding to be harmless).
Compute-bound: the m x n x d distance GEMM (2 m n d flops); an m x n matrix need never
be stored (the reference stores it: 1 GiB).
Source: Parzen-Rosenblatt KDE; scaled by KeOps / FAISS-style fused reductions.
"""

import math

import torch
import torch.nn as nn

m = 8192
n = 32768
d = 256
bandwidth = 1.3

SHAPES = [
    dict(m=37, n=100, d=20, bandwidth=0.8),
    dict(m=16, n=300, d=64, bandwidth=1.6),
]

# the reduction lengths a CPU checks (tasks/sizes.py): the real ones take the interpreter far longer (about 3 s
# a call already at n = 8192, d = 128)
REDUCTION_DIMS = {"n": 8192, "d": 128}

TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 2e-6, "rel_l2": 1e-6}}


class Model(nn.Module):
    def __init__(self, bandwidth: float):
        super().__init__()
        self.bandwidth = bandwidth

    def forward(self, y: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        h2 = self.bandwidth ** 2
        d2 = ((y * y).sum(1)[:, None] + (x * x).sum(1)[None, :] - 2.0 * (y @ x.T)).clamp_min(0.0)
        dim = y.shape[1]
        const = math.log(x.shape[0]) + 0.5 * dim * math.log(2.0 * math.pi * h2)
        return torch.logsumexp(-d2 / (2.0 * h2), dim=1) - const


def get_inputs():
    return [torch.randn(m, d), torch.randn(n, d)]


def get_inputs_far_queries():
    away = torch.randn(m, d)
    away = 24.0 * bandwidth * away / away.norm(dim=1, keepdim=True)
    return [torch.randn(m, d) + away, torch.randn(n, d)]


INPUT_CASES = {"far_queries": get_inputs_far_queries}


def get_init_inputs():
    return [bandwidth]


def flops(y, x):
    return 2.0 * y.shape[0] * x.shape[0] * y.shape[1] + 6.0 * y.shape[0] * x.shape[0]


def bytes_moved(y, x):
    return (y.numel() + x.numel() + y.shape[0]) * 4.0
