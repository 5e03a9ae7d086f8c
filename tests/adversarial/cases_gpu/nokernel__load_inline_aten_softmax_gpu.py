"""Family: doing no kernel work — a load_inline extension with a real (unused) __global__ kernel, whose
host function simply returns torch::softmax(x, -1): ATen does the work from C++, below any Python hook.
Source: KernelBench-style solutions that wrap the reference op in C++ (reported in KernelBench reviews).
Expected: correctness stage, correctness.torch_compute: the dispatcher-level watch (AtenWatch) sees the
aten softmax issued from C++.
"""

import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

EXPECT = {'stage': 'correctness', 'check': 'correctness.torch_compute', 'reason_contains': 'C++'}

CUDA_SRC = r"""
#include <torch/extension.h>

__global__ void scale(float* y, long long n) {
    long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = y[i] * 1.0f;
}

torch::Tensor fwd(torch::Tensor x) {
    return torch::softmax(x, -1);
}
"""

ext = load_inline(name="kp_case_aten_softmax", cpp_sources="torch::Tensor fwd(torch::Tensor x);",
                  cuda_sources=CUDA_SRC, functions=["fwd"])


class ModelNew(nn.Module):
    def forward(self, x):
        return ext.fwd(x)
