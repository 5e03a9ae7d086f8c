"""One conjugate-gradient iteration for a dense SPD system A x = b (fp64).

Given the CG state (x, r, p) with r the current residual and p the search direction:
  q     = A p
  alpha = (r . r) / (p . q)
  x'    = x + alpha p
  r'    = r - alpha q
  beta  = (r' . r') / (r . r)
  p'    = r' + beta p
Returns torch.stack([x', r', p']), shape (3, n) float64.

Shapes: A is (n, n) float64 symmetric positive definite (n = 20480, 3.1 GiB):
A = (S + S^T) / (2 sqrt(n)) + 3 I with S standard normal, so its spectrum lies in about
[1.6, 4.4]. x, r, p are (n,) float64 standard normals (a mid-iteration state; the
operator does not assume r = b - A x or p = r). The three dot products are global
reductions: they serialise the iteration (three dependent phases).
Input families: nearly_converged — the state of a solver near its tolerance: x standard normal, r and
p standard normals times 1e-9 (r . r ~ 1e-18 n). Every step is scale-invariant in fp64, so honest
kernels are as accurate as on typical inputs, but a kernel that treats a small r . r as converged
(returns the state unchanged below a fixed threshold such as 1e-12) passes every typical input and
is off here; so is one that adds a "stability" epsilon to a denominator (p . q + 1e-15), a few ulps
of alpha on typical inputs (where n = 1, one step to the exact answer, already catches most).
Memory-bound: reading A once dominates (the vectors are 3 orders of magnitude smaller).
Source: Hestenes & Stiefel 1952; the inner loop of every CG solver (HPCG benchmark).
"""

import torch
import torch.nn as nn

n = 20480

SHAPES = [
    dict(n=37),
    dict(n=200),
]

TOLERANCE = {"float64": {"atol": 1e-12, "rtol": 1e-11, "rel_l2": 1e-12}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, a, x, r, p):
        q = torch.mv(a, p)
        rr = torch.dot(r, r)
        alpha = rr / torch.dot(p, q)
        x1 = x + alpha * p
        r1 = r - alpha * q
        beta = torch.dot(r1, r1) / rr
        p1 = r1 + beta * p
        return torch.stack([x1, r1, p1])


def get_inputs():
    s = torch.randn(n, n, dtype=torch.float64)
    a = (s + s.T) / (2.0 * n ** 0.5)
    a.diagonal().add_(3.0)
    return [a, torch.randn(n, dtype=torch.float64), torch.randn(n, dtype=torch.float64),
            torch.randn(n, dtype=torch.float64)]


def get_inputs_nearly_converged():
    a, x, r, p = get_inputs()
    return [a, x, r * 1e-9, p * 1e-9]


INPUT_CASES = {"nearly_converged": get_inputs_nearly_converged}


def get_init_inputs():
    return []


def flops(a, x, r, p):
    return 2.0 * a.numel() + 12.0 * x.numel()


def bytes_moved(a, x, r, p):
    return (a.numel() + 6.0 * x.numel()) * a.element_size()
