import numpy
import torch
import torch.nn as nn

SRC = r"""

extern "C" __global__ void jacobi5_kernel(const double* __restrict__ u, const double* __restrict__ f,
                                          double* __restrict__ o, int n, double h2) {
    int j = blockIdx.x * blockDim.x + threadIdx.x;
    int i = blockIdx.y * blockDim.y + threadIdx.y;
    if (i >= n || j >= n) return;
    long long c = (long long)i * n + j;
    if (i == 0 || j == 0 || i == n - 1 || j == n - 1) { o[c] = u[c]; return; }
    o[c] = 0.25 * (u[c - n] + u[c + n] + u[c - 1] + u[c + 1] + h2 * f[c]);
}
"""


class ModelNew(nn.Module):
    def __init__(self, h: float):
        super().__init__()
        self.h2 = h * h
        self._mod = None

    def _fn(self, name):
        import cupy
        if self._mod is None:
            self._mod = cupy.RawModule(code=SRC)
        return self._mod.get_function(name)

    def forward(self, u: torch.Tensor, f: torch.Tensor) -> torch.Tensor:
        import cupy
        u = u.contiguous()
        f = f.contiguous()
        n = u.shape[0]
        out = torch.empty_like(u)
        grid = ((n + 31) // 32, (n + 7) // 8)
        args = (cupy.asarray(u), cupy.asarray(f), cupy.asarray(out), numpy.int32(n), numpy.float64(self.h2))
        self._fn("jacobi5_kernel")(grid, (32, 8), args)
        return out
