"""Honest (CUDA, load_inline): the C++ and CUDA sources local strings of ModelNew.__init__, built there and
kept on self.ext (the whole solution inside the class, as many LLM outputs write it); a forward difference."""

import torch.nn as nn
from torch.utils.cpp_extension import load_inline


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        cuda_source = r"""
#include <torch/extension.h>

__global__ void diff_kernel(const float* __restrict__ x, float* __restrict__ y, long long m) {
    const long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x;
    if (i < m) y[i] = x[i + 1] - x[i];
}

torch::Tensor diff1d(torch::Tensor x) {
    TORCH_CHECK(x.dim() == 1 && x.size(0) >= 1, "1-D input expected");
    auto xc = x.contiguous();
    const long long m = xc.size(0) - 1;
    auto y = torch::empty({m}, xc.options());
    if (m > 0)
        diff_kernel<<<(unsigned)((m + 255) / 256), 256>>>(xc.data_ptr<float>(), y.data_ptr<float>(), m);
    return y;
}
"""
        cpp_source = "torch::Tensor diff1d(torch::Tensor x);"
        self.ext = load_inline(name="diff1d_in_init", cpp_sources=cpp_source, cuda_sources=cuda_source,
                               functions=["diff1d"], verbose=False)

    def forward(self, x):
        return self.ext.diff1d(x)
