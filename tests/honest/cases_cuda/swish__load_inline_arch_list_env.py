"""Honest (CUDA, load_inline): KernelBench-style extension that pins TORCH_CUDA_ARCH_LIST through os.environ
before load_inline (a common line in such files); otherwise as swish__load_inline_stream_dispatch.py."""
import os

import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

swish_source = r"""
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAException.h>

template <typename scalar_t>
__global__ void swish_kernel(const scalar_t* __restrict__ x, scalar_t* __restrict__ y, int64_t n) {
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n;
         i += (int64_t)blockDim.x * gridDim.x) {
        const float v = static_cast<float>(x[i]);
        y[i] = static_cast<scalar_t>(v / (1.0f + __expf(-v)));
    }
}

torch::Tensor swish_cuda(torch::Tensor x) {
    TORCH_CHECK(x.is_cuda(), "x must be a CUDA tensor");
    auto xc = x.contiguous();
    auto y = torch::empty_like(xc);
    const int64_t n = xc.numel();
    const int threads = 256;
    const int blocks = (int)std::min<int64_t>((n + threads - 1) / threads, 65535);
    cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    AT_DISPATCH_FLOATING_TYPES(xc.scalar_type(), "swish_cuda", [&] {
        swish_kernel<scalar_t><<<blocks, threads, 0, stream>>>(
            xc.data_ptr<scalar_t>(), y.data_ptr<scalar_t>(), n);
    });
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return y;
}
"""

swish_cpp_source = "torch::Tensor swish_cuda(torch::Tensor x);"

os.environ["TORCH_CUDA_ARCH_LIST"] = "9.0"

swish_ext = load_inline(
    name="swish_ext_arch",
    cpp_sources=swish_cpp_source,
    cuda_sources=swish_source,
    functions=["swish_cuda"],
    verbose=False,
    extra_cflags=["-O3"],
    extra_cuda_cflags=["-O3", "--use_fast_math"],
)


class ModelNew(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.swish = swish_ext

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.swish.swish_cuda(x)
