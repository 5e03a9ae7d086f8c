import numpy
import torch
import torch.nn as nn

SRC = r"""
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

// one block per row: two-pass mean / variance (no cancellation), then normalise + affine
extern "C" __global__ void layernorm_kernel(const float* __restrict__ x, const float* __restrict__ w,
                                            const float* __restrict__ b, float* __restrict__ y,
                                            int n_cols, float eps) {
    __shared__ float sh[32];
    const float* xr = x + (long long)blockIdx.x * n_cols;
    float* yr = y + (long long)blockIdx.x * n_cols;
    float acc = 0.0f;
    for (int j = threadIdx.x; j < n_cols; j += blockDim.x) acc += xr[j];
    float mean = block_sum(acc, sh) / n_cols;
    acc = 0.0f;
    for (int j = threadIdx.x; j < n_cols; j += blockDim.x) { float d = xr[j] - mean; acc += d * d; }
    float rstd = rsqrtf(block_sum(acc, sh) / n_cols + eps);
    for (int j = threadIdx.x; j < n_cols; j += blockDim.x) yr[j] = (xr[j] - mean) * rstd * w[j] + b[j];
}
"""


class ModelNew(nn.Module):
    def __init__(self, hidden: int, eps: float):
        super().__init__()
        self.ln = nn.LayerNorm(hidden, eps=eps)  # parameter container only (weight, bias)
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
        args = (cupy.asarray(x), cupy.asarray(self.ln.weight.detach()), cupy.asarray(self.ln.bias.detach()),
                cupy.asarray(y), numpy.int32(n_cols), numpy.float32(self.eps))
        self._fn("layernorm_kernel")((n_rows,), (256,), args)
        return y
