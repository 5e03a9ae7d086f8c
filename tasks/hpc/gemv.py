"""BLAS-2 dgemv in fp64: y = A x for a large dense matrix.

y[i] = sum_j A[i, j] * x[j]

Shapes: A is (m, n) float64 row-major, (24576, 24576) = 4.5 GiB by default; x is (n,)
float64; y is (m,) float64. A is scaled by 1/sqrt(n) so y is O(1).
Input families: none — fp64 accumulation error scales with the inputs, so no values are harder
than typical ones, which already fail any fp32 shortcut.
Memory-bound: A is read exactly once (8 bytes per 2 flops); x stays in cache.
Source: BLAS level 2 (dgemv), the matrix-vector product inside iterative solvers,
power iteration and LLM decoding (in lower precision).
"""

import torch
import torch.nn as nn

m = 24576
n = 24576

SHAPES = [
    dict(m=37, n=300),
    dict(m=64, n=1000),
]

TOLERANCE = {"float64": {"atol": 1e-12, "rtol": 1e-12, "rel_l2": 1e-13}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, a: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        return torch.mv(a, x)


def get_inputs():
    a = torch.randn(m, n, dtype=torch.float64) / n ** 0.5
    return [a, torch.randn(n, dtype=torch.float64)]


def get_init_inputs():
    return []


def flops(a, x):
    return 2.0 * a.numel()


def bytes_moved(a, x):
    return (a.numel() + x.numel() + a.shape[0]) * a.element_size()
