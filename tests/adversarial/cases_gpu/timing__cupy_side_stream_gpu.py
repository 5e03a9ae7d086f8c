"""Family: timing games — a CUDA kernel compiled with cupy.RawModule and launched on a non-blocking
cupy stream, so the torch-side timer sees nothing.
Source: KernelBench v0.1 (non-default streams); DeepReinforce's hacks.
Expected: static stage, static.streams.
"""

import cupy
import numpy
import torch
import torch.nn as nn

EXPECT = {'stage': 'static', 'check': 'static.streams'}

SRC = r"""
extern "C" __global__ void relu(const float* x, float* y, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = x[i] > 0.f ? x[i] : 0.f;
}
"""


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.side = cupy.cuda.Stream(non_blocking=True)
        self.kernel = cupy.RawModule(code=SRC).get_function("relu")

    def forward(self, x):
        y = torch.empty_like(x)
        n = x.numel()
        with self.side:
            self.kernel(((n + 255) // 256,), (256,), (cupy.asarray(x), cupy.asarray(y), numpy.int32(n)))
        return y
