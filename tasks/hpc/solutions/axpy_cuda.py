import numpy
import torch
import torch.nn as nn

SRC = r"""

extern "C" __global__ void daxpy_kernel(const double* __restrict__ x, const double* __restrict__ y,
                                        double* __restrict__ z, double alpha, long long n) {
    long long stride = (long long)gridDim.x * blockDim.x;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride)
        z[i] = alpha * x[i] + y[i];
}
"""


class ModelNew(nn.Module):
    def __init__(self, alpha: float):
        super().__init__()
        self.alpha = alpha
        self._mod = None

    def _fn(self, name):
        import cupy
        if self._mod is None:
            self._mod = cupy.RawModule(code=SRC)
        return self._mod.get_function(name)

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        import cupy
        x = x.contiguous()
        y = y.contiguous()
        z = torch.empty_like(x)
        n = x.numel()
        blocks = min((n + 255) // 256, 65535 * 8)
        args = (cupy.asarray(x), cupy.asarray(y), cupy.asarray(z), numpy.float64(self.alpha), numpy.int64(n))
        self._fn("daxpy_kernel")((blocks,), (256,), args)
        return z
