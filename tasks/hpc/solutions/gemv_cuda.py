import numpy
import torch
import torch.nn as nn

SRC = r"""

// one warp per row: lanes stride the row (coalesced), then a shuffle reduction
extern "C" __global__ void dgemv_kernel(const double* __restrict__ a, const double* __restrict__ x,
                                        double* __restrict__ y, int M, int N) {
    int warps_per_block = blockDim.x >> 5;
    int row = blockIdx.x * warps_per_block + (threadIdx.x >> 5);
    int lane = threadIdx.x & 31;
    if (row >= M) return;
    const double* ar = a + (long long)row * N;
    double acc = 0.0;
    for (int j = lane; j < N; j += 32) acc += ar[j] * x[j];
    for (int o = 16; o > 0; o >>= 1) acc += __shfl_xor_sync(0xffffffffu, acc, o);
    if (lane == 0) y[row] = acc;
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

    def forward(self, a: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        import cupy
        a = a.contiguous()
        x = x.contiguous()
        M, N = a.shape
        y = torch.empty((M,), dtype=a.dtype, device=a.device)
        rows_per_block = 8
        grid = ((M + rows_per_block - 1) // rows_per_block,)
        args = (cupy.asarray(a), cupy.asarray(x), cupy.asarray(y), numpy.int32(M), numpy.int32(N))
        self._fn("dgemv_kernel")(grid, (32 * rows_per_block,), args)
        return y
