"""Honest (CUDA, load_inline): sources held in annotated module constants (`CUDA_SRC: str = r'''...'''`,
`CPP_SRC: str = '...'`), as typed code writes them; a leaky ReLU with the slope passed as a double."""

import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

CUDA_SRC: str = r"""
#include <torch/extension.h>

__global__ void leaky_relu_kernel(const float* __restrict__ x, float* __restrict__ y, float slope, int64_t n) {
    const int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x;
    if (i < n) {
        const float v = x[i];
        y[i] = v >= 0.f ? v : v * slope;
    }
}

torch::Tensor leaky_relu_cuda(torch::Tensor x, double slope) {
    TORCH_CHECK(x.is_cuda() && x.scalar_type() == torch::kFloat32, "float32 CUDA tensor expected");
    auto xc = x.contiguous();
    auto y = torch::empty_like(xc);
    const int64_t n = xc.numel();
    const int threads = 256;
    const int64_t blocks = (n + threads - 1) / threads;
    if (blocks > 0)
        leaky_relu_kernel<<<blocks, threads>>>(xc.data_ptr<float>(), y.data_ptr<float>(), (float)slope, n);
    return y;
}
"""

CPP_SRC: str = "torch::Tensor leaky_relu_cuda(torch::Tensor x, double slope);"

_ext = load_inline(name="leaky_relu_annotated", cpp_sources=CPP_SRC, cuda_sources=CUDA_SRC,
                   functions=["leaky_relu_cuda"])


class ModelNew(nn.Module):
    def __init__(self, negative_slope: float = 0.01):
        super().__init__()
        self.negative_slope = negative_slope

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _ext.leaky_relu_cuda(x, self.negative_slope)
