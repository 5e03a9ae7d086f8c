import numpy
import torch
import torch.nn as nn

SRC = r"""

// y[b, d] = sum_n x[b, n, d]: one thread per output column, consecutive threads read consecutive d
extern "C" __global__ void sum_dim1_kernel(const float* __restrict__ x, float* __restrict__ y, int n, int dim) {
    int d = blockIdx.x * blockDim.x + threadIdx.x;
    long long b = blockIdx.y;
    if (d >= dim) return;
    const float* xb = x + b * (long long)n * dim + d;
    float acc = 0.0f;
    for (int i = 0; i < n; ++i) acc += xb[(long long)i * dim];
    y[b * dim + d] = acc;
}
"""


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self._mod = None

    def _fn(self, name):
        import cupy
        if self._mod is None:
            self._mod = cupy.RawModule(code=SRC)
        return self._mod.get_function(name)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        import cupy
        x = x.contiguous()
        bsz, n, dim = x.shape
        y = torch.empty((bsz, dim), dtype=x.dtype, device=x.device)
        grid = ((dim + 127) // 128, bsz)
        self._fn("sum_dim1_kernel")(grid, (128,), (cupy.asarray(x), cupy.asarray(y), numpy.int32(n), numpy.int32(dim)))
        return y
