"""Matern-3/2 Gaussian-process covariance matrix with ARD lengthscales (fp32).

r[i, j] = || (x1[i] - x2[j]) / lengthscale ||_2
K[i, j] = outputscale * (1 + sqrt(3) r[i, j]) * exp(-sqrt(3) r[i, j])

Shapes: x1 (n1, d) and x2 (n2, d) float32 with d = 8 inputs in the unit cube; the module
holds learnable `lengthscale` (d,) and `outputscale` (1,) float32 parameters; K is
(n1, n2) float32 (16384 x 16384 = 1 GiB). The reference uses torch.cdist (its matmul
expansion); a direct-difference kernel is more accurate and well inside the tolerance, which
covers the expansion's own error (rel_l2 up to about 6e-6) at lengthscales down to 0.15, where
the judge's renewed weights (each scaled by 0.5..1.5) can put them.
Input families: shared_points — half of x2's points are x1's (K(X, X), the training covariance of a
GP, is the common call): an expansion |a|^2 + |b|^2 - 2 a.b not clamped at 0 takes the sqrt of a
negative there, NaN on a GPU as here. The reference's own error is largest at r = 0, but (1 + z) e^-z
is flat there, so a direct-difference kernel's exact 0 stays well inside the tolerance.
Memory-bound: writing K dominates (d is small), about 30 flops per entry.
Source: Rasmussen & Williams 2006, ch. 4 (Matern class); GPyTorch/KeOps MaternKernel(nu=1.5).
"""

import torch
import torch.nn as nn

n1 = 16384
n2 = 16384
d = 8

SHAPES = [
    dict(n1=37, n2=50, d=3),
    dict(n1=64, n2=100, d=8),
]

TOLERANCE = {"float32": {"atol": 5e-5, "rtol": 1e-5, "rel_l2": 2e-5}}


class Model(nn.Module):
    def __init__(self, d: int):
        super().__init__()
        self.lengthscale = nn.Parameter(0.3 + 0.4 * torch.rand(d))
        self.outputscale = nn.Parameter(torch.tensor([1.7]))

    def forward(self, x1: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
        r = torch.cdist(x1 / self.lengthscale, x2 / self.lengthscale)
        z = (3.0 ** 0.5) * r
        return self.outputscale * (1.0 + z) * torch.exp(-z)


def get_inputs():
    return [torch.rand(n1, d), torch.rand(n2, d)]


def get_inputs_shared_points():
    x1, x2 = torch.rand(n1, d), torch.rand(n2, d)
    half = min(n1, n2) // 2
    x2[:half] = x1[torch.randperm(n1)[:half]]
    return [x1, x2]


INPUT_CASES = {"shared_points": get_inputs_shared_points}


def get_init_inputs():
    return [d]


def flops(x1, x2):
    return x1.shape[0] * x2.shape[0] * (3.0 * x1.shape[1] + 8.0)


def bytes_moved(x1, x2):
    return (x1.numel() + x2.numel() + x1.shape[0] * x2.shape[0]) * x1.element_size()
