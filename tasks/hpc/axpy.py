"""BLAS-1 daxpy in fp64, out of place: z = alpha * x + y.

z[i] = alpha * x[i] + y[i]

Shapes: x and y are (n,) float64 with n = 2^28 (2 GiB each), alpha a Python float given to
the constructor (0.7 by default: not a float32 value, so an alpha that reaches the kernel as
fp32, as an unannotated float argument does in compiled Triton, is 1e-8 off); z is (n,)
float64. Out of place: the inputs must not be modified (the harness checks). A fused
multiply-add is allowed (tolerance covers 1 ulp).
Input families: none — one multiply-add per element has no value-dependent pitfall in fp64.
Memory-bound: two reads and one write, 24 bytes per element, 2 flops.
Source: BLAS level 1 (Lawson et al. 1979), the STREAM-triad-like building block of
Krylov solvers.
"""

import torch
import torch.nn as nn

n = 2 ** 28
alpha = 0.7

SHAPES = [
    dict(n=1000),
    dict(n=4099),
]

TOLERANCE = {"float64": {"atol": 1e-14, "rtol": 1e-14, "rel_l2": 1e-15}}


class Model(nn.Module):
    def __init__(self, alpha: float):
        super().__init__()
        self.alpha = alpha

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return self.alpha * x + y


def get_inputs():
    return [torch.randn(n, dtype=torch.float64), torch.randn(n, dtype=torch.float64)]


def get_init_inputs():
    return [alpha]


def flops(x, y):
    return 2.0 * x.numel()


def bytes_moved(x, y):
    return 3.0 * x.numel() * x.element_size()
