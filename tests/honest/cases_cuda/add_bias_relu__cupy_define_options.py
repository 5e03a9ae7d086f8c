"""Honest (CUDA, CuPy): compile-time constants handed to NVRTC as options,
`cupy.RawKernel(src, name, options=(f"-DBLOCK={BLOCK}", "-DVEC=1"))`, the way CuPy code parameterises a kernel
without templates (the judge compiles it with the same macros); row-broadcast bias add and ReLU on a 2-D grid."""

import cupy as cp
import torch
import torch.nn as nn

BLOCK = 256
ADD_BIAS_RELU_SRC = r"""
extern "C" __global__ void __launch_bounds__(BLOCK)
add_bias_relu(const float* __restrict__ x, const float* __restrict__ bias, float* __restrict__ y, int cols) {
    const int row = blockIdx.y;
    for (int c = blockIdx.x * BLOCK * VEC + threadIdx.x; c < cols; c += gridDim.x * BLOCK * VEC) {
        #pragma unroll
        for (int v = 0; v < VEC; ++v) {
            const int cc = c + v * BLOCK;
            if (cc < cols) {
                const float t = x[(size_t)row * cols + cc] + bias[cc];
                y[(size_t)row * cols + cc] = t > 0.f ? t : 0.f;
            }
        }
    }
}
"""
add_bias_relu = cp.RawKernel(ADD_BIAS_RELU_SRC, "add_bias_relu", options=(f"-DBLOCK={BLOCK}", "-DVEC=1"))


class ModelNew(nn.Module):
    def forward(self, x, bias):
        x = x.contiguous()
        bias = bias.contiguous()
        rows, cols = x.shape
        y = torch.empty_like(x)
        grid_x = max(1, min((cols + BLOCK - 1) // BLOCK, 64))
        add_bias_relu((grid_x, rows), (BLOCK,), (cp.asarray(x), cp.asarray(bias), cp.asarray(y), cp.int32(cols)))
        return y
