"""BLAS-3 dgemm in fp64: D = alpha * A @ B + beta * C (out of place).

D[i, j] = alpha * sum_k A[i, k] * B[k, j] + beta * C[i, j]

Shapes: A (m, k), B (k, n), C (m, n), all float64; D is (m, n) float64, a new tensor (C is
not modified). alpha = 1.1 and beta = -0.3 are constructor arguments (neither a float32 value:
one that reaches the kernel as fp32, as an unannotated float argument does in compiled Triton,
is 1e-8 off). B is scaled by 1/sqrt(k) so D is O(1). Default 4096^3 (137 GFLOP of FP64,
about 2 ms on H100 FP64 tensor cores).
Input families: fp64_range — A's entries ~1e-40 and B's ~1e40 (quantities in physical units,
outside float32's range: fp64 is often chosen for its exponents as much as for its digits; D stays
O(1)). Typical entries already fail any fp32 rounding, but not an fp64 operand split into two fp32
halves (hi + lo, the lo * lo product dropped: 48 bits, ~1e-15 on typical entries); here B's halves
overflow to inf and A's are subnormal in fp32. fp64 accumulation error scales with the inputs, so
only the range matters.
Compute-bound: 2 m n k flops over 8 (mk + kn + 2mn) bytes.
Source: BLAS level 3 (Dongarra et al. 1990); the heart of LAPACK and HPL/LINPACK.
"""

import torch
import torch.nn as nn

m = 4096
k = 4096
n = 4096
alpha = 1.1
beta = -0.3

SHAPES = [
    dict(m=50, k=40, n=70),
    dict(m=64, k=64, n=32),
]

TOLERANCE = {"float64": {"atol": 1e-12, "rtol": 1e-12, "rel_l2": 1e-13}}


class Model(nn.Module):
    def __init__(self, alpha: float, beta: float):
        super().__init__()
        self.alpha = alpha
        self.beta = beta

    def forward(self, a: torch.Tensor, b: torch.Tensor, c: torch.Tensor) -> torch.Tensor:
        return torch.addmm(c, a, b, beta=self.beta, alpha=self.alpha)


def get_inputs():
    a = torch.randn(m, k, dtype=torch.float64)
    b = torch.randn(k, n, dtype=torch.float64) / k ** 0.5
    c = torch.randn(m, n, dtype=torch.float64)
    return [a, b, c]


def get_inputs_fp64_range():
    a = torch.randn(m, k, dtype=torch.float64) * 1e-40
    b = torch.randn(k, n, dtype=torch.float64) * (1e40 / k ** 0.5)
    c = torch.randn(m, n, dtype=torch.float64)
    return [a, b, c]


INPUT_CASES = {"fp64_range": get_inputs_fp64_range}


def get_init_inputs():
    return [alpha, beta]


def flops(a, b, c):
    return 2.0 * a.shape[0] * a.shape[1] * b.shape[1] + 3.0 * c.numel()


def bytes_moved(a, b, c):
    return (a.numel() + b.numel() + 2 * c.numel()) * a.element_size()
