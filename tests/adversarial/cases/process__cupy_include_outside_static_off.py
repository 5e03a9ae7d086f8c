"""Family: process games (reading the judge's machine) — the same header read with the static contract switched off, through `__has_include` (which asks whether a file exists) and a relative path that climbs out of the include folder.
Source: own construction (a file read through the compiler's preprocessor).
Expected: build stage, build.compile_error without the static contract: the NVRTC build refuses the header itself, and looks for no header beside the source (--no-source-include), so nothing outside the include folders is read.
"""

import cupy as cp
import torch
import torch.nn as nn

EXPECT = {'task': 'relu', 'stage': 'build', 'check': 'build.compile_error', 'switch_off': ['static_checks'], 'reason_contains': 'outside the CUDA include folders'}

SOURCE = r'''
#if __has_include("../../../../../../etc/hostname")
#include "../../../../../../etc/hostname"
#endif
extern "C" __global__ void relu_kernel(const float* __restrict__ x, float* __restrict__ y, long long n) {
    long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) { float v = x[i]; y[i] = v > 0.0f ? v : 0.0f; }
}
'''


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.kernel = cp.RawModule(code=SOURCE).get_function("relu_kernel")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        self.kernel(((n + 255) // 256,), (256,), (cp.asarray(x), cp.asarray(y), cp.int64(n)))
        return y
