"""One Jacobi sweep of the 5-point Poisson stencil on a 2-D fp64 grid (Dirichlet boundary).

For -Laplace(u) = f on a uniform grid with spacing h:
u_new[i, j] = 0.25 * (u[i-1, j] + u[i+1, j] + u[i, j-1] + u[i, j+1] + h^2 * f[i, j])
for interior points; boundary rows/columns are copied unchanged from u.

Shapes: u and f are (n, n) float64 (16384^2, 2 GiB each); h = L / (n - 1), the spacing of a
square of side L, is a constructor argument, with L drawn from [0.5, 1.5) each time the module is
built (so h is not a function of n: a kernel that works it out from the grid is wrong); the result
is a new (n, n) float64 tensor (u is not modified).
Input families: none — the boundary is positional, not numerical, and a five-term fp64 average
has no value-dependent pitfall.
Memory-bound: read u and f once, write u_new once (24 bytes per point, 6 flops).
Source: the classic Jacobi relaxation for Poisson's equation (PolyBench jacobi-2d,
multigrid smoothers).
"""

import torch
import torch.nn as nn

n = 16384

SHAPES = [
    dict(n=37),
    dict(n=130),
]

TOLERANCE = {"float64": {"atol": 1e-14, "rtol": 1e-14, "rel_l2": 1e-15}}


class Model(nn.Module):
    def __init__(self, h: float):
        super().__init__()
        self.h2 = h * h

    def forward(self, u: torch.Tensor, f: torch.Tensor) -> torch.Tensor:
        out = u.clone()
        out[1:-1, 1:-1] = 0.25 * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:]
                                  + self.h2 * f[1:-1, 1:-1])
        return out


def get_inputs():
    u = torch.randn(n, n, dtype=torch.float64)
    # a right-hand side large enough that h^2 f is visible at every grid size
    f = torch.randn(n, n, dtype=torch.float64) * (n - 1) ** 2
    return [u, f]


def get_init_inputs():
    side = 0.5 + float(torch.rand(()))  # the domain's side: the spacing is the constructor's, not the grid's
    return [side / (n - 1)]


def flops(u, f):
    return 6.0 * u.numel()


def bytes_moved(u, f):
    return 3.0 * u.numel() * u.element_size()
