import numpy
import torch
import torch.nn as nn

SRC = r"""
__device__ __forceinline__ float h2f(unsigned short h) {
    float f; asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h)); return f;
}
__device__ __forceinline__ unsigned short f2h(float f) {
    unsigned short h; asm("cvt.rn.f16.f32 %0, %1;" : "=h"(h) : "f"(f)); return h;
}
__device__ __forceinline__ float warp_sum(float v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}
__device__ __forceinline__ float warp_max(float v) {
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}
// every thread gets the block-wide result; sh must hold 32 floats; blockDim.x a multiple of 32
__device__ float block_sum(float v, float* sh) {
    int lane = threadIdx.x & 31, wid = threadIdx.x >> 5, nw = blockDim.x >> 5;
    v = warp_sum(v);
    __syncthreads();
    if (lane == 0) sh[wid] = v;
    __syncthreads();
    v = (lane < nw) ? sh[lane] : 0.0f;
    return warp_sum(v);
}
__device__ float block_max(float v, float* sh) {
    int lane = threadIdx.x & 31, wid = threadIdx.x >> 5, nw = blockDim.x >> 5;
    v = warp_max(v);
    __syncthreads();
    if (lane == 0) sh[wid] = v;
    __syncthreads();
    v = (lane < nw) ? sh[lane] : -3.402823466e38f;
    return warp_max(v);
}

// one block per row, fp16 storage, fp32 math, one rounding at the store
extern "C" __global__ void rmsnorm_kernel(const unsigned short* __restrict__ x, const unsigned short* __restrict__ w,
                                          unsigned short* __restrict__ y, int n_cols, float eps) {
    __shared__ float sh[32];
    const unsigned short* xr = x + (long long)blockIdx.x * n_cols;
    unsigned short* yr = y + (long long)blockIdx.x * n_cols;
    float acc = 0.0f;
    for (int j = threadIdx.x; j < n_cols; j += blockDim.x) { float v = h2f(xr[j]); acc += v * v; }
    float r = rsqrtf(block_sum(acc, sh) / n_cols + eps);
    for (int j = threadIdx.x; j < n_cols; j += blockDim.x) yr[j] = f2h(h2f(xr[j]) * r * h2f(w[j]));
}
"""


class ModelNew(nn.Module):
    def __init__(self, hidden: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(hidden, dtype=torch.float16))
        self.eps = eps
        self._mod = None

    def _fn(self, name):
        import cupy
        if self._mod is None:
            self._mod = cupy.RawModule(code=SRC)
        return self._mod.get_function(name)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        import cupy
        x = x.contiguous()
        y = torch.empty_like(x)
        n_cols = x.shape[-1]
        n_rows = x.numel() // n_cols
        args = (cupy.asarray(x.view(torch.int16)), cupy.asarray(self.weight.detach().view(torch.int16)),
                cupy.asarray(y.view(torch.int16)), numpy.int32(n_cols), numpy.float32(self.eps))
        self._fn("rmsnorm_kernel")((n_rows,), (256,), args)
        return y
