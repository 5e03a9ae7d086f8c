"""Honest (CUDA, CuPy): the output allocated by CuPy (`cupy.empty_like` of the input's CuPy view), the RawKernel
launched on both arrays, and the result handed back with `torch.as_tensor(y, device=x.device)`, as CuPy's own
RawKernel examples allocate; SELU with PyTorch's constants and expm1f."""

import cupy as cp
import torch
import torch.nn as nn

selu = cp.RawKernel(r"""
extern "C" __global__ void selu(const float* __restrict__ x, float* __restrict__ y, int n) {
    const float alpha = 1.6732632423543772848170429916717f;
    const float scale = 1.0507009873554804934193349852946f;
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        const float v = x[i];
        y[i] = scale * (v > 0.f ? v : alpha * expm1f(v));
    }
}
""", "selu")


class ModelNew(nn.Module):
    def forward(self, x):
        xs = cp.asarray(x.contiguous())
        ys = cp.empty_like(xs)
        n = xs.size
        selu(((n + 255) // 256,), (256,), (xs, ys, cp.int32(n)))
        return torch.as_tensor(ys, device=x.device)
