"""Honest (CUDA, CuPy): a source assembled with `"\n".join([COMMON_HEADER, AFFINE_KERNEL])`, a shared header
of __device__ helpers and a kernel that uses them: the joined text is compiled, the kernel part is an
ingredient; per-channel affine over NCHW."""

import cupy as cp
import torch
import torch.nn as nn

COMMON_HEADER = r"""
__device__ __forceinline__ int channel_of(long long i, int hw, int channels) {
    return (int)((i / hw) % channels);
}
"""

AFFINE_KERNEL = r"""
extern "C" __global__ void channel_affine(const float* __restrict__ x, const float* __restrict__ scale,
                                          const float* __restrict__ shift, float* __restrict__ y,
                                          long long n, int hw, int channels) {
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long)blockDim.x * gridDim.x) {
        const int c = channel_of(i, hw, channels);
        y[i] = x[i] * scale[c] + shift[c];
    }
}
"""

module = cp.RawModule(code="\n".join([COMMON_HEADER, AFFINE_KERNEL]))


class ModelNew(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(channels))
        self.shift = nn.Parameter(torch.zeros(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        n, c, h, w = x.shape
        y = torch.empty_like(x)
        total = x.numel()
        fn = module.get_function("channel_affine")
        fn((min((total + 255) // 256, 1024),), (256,),
           (cp.asarray(x), cp.asarray(self.scale.detach()), cp.asarray(self.shift.detach()), cp.asarray(y),
            cp.int64(total), cp.int32(h * w), cp.int32(c)))
        return y
