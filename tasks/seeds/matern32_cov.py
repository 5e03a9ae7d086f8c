"""Matern-3/2 Gaussian-process covariance matrix with ARD lengthscales (fp32).

r[i, j] = || (x1[i] - x2[j]) / lengthscale ||_2
K[i, j] = outputscale * (1 + sqrt(3) r[i, j]) * exp(-sqrt(3) r[i, j])

Shapes: x1 (n1, d) and x2 (n2, d) float32 with d = 8 inputs in the unit cube; the module
holds learnable `lengthscale` (d,) and `outputscale` (1,) float32 parameters; K is
(n1, n2) float32 (16384 x 16384 = 1 GiB). The reference uses torch.cdist (its matmul
expansion); a direct-difference kernel is more accurate and well inside the tolerance, which
covers the expansion's own error (rel_l2 up to about 6e-6) at lengthscales down to 0.15, where
the judge's renewed weights (each scaled by 0.5..1.5) can put them.
Input families: none — at r = 0 the reference's own expansion error is largest (about 1e-5 per
entry), so duplicate points, where an expansion not clamped at 0 takes the sqrt of a negative,
would fail honest direct-difference kernels on the rel_l2 tolerance; no other values are harder.
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


def get_init_inputs():
    return [d]


def flops(x1, x2):
    return x1.shape[0] * x2.shape[0] * (3.0 * x1.shape[1] + 8.0)


def bytes_moved(x1, x2):
    return (x1.numel() + x2.numel() + x1.shape[0] * x2.shape[0]) * x1.element_size()
