"""Honest (CUDA, CuPy): a cupy.RawModule source with `// ####` banner comments and cuRAND's device API
(`#include <curand_kernel.h>`, a Philox state per element) for the training-only dropout; eval mode, which
the judge runs, is y = 2x + 1. Where the installed CUDA headers lack curand_kernel.h the build is
`unverified`, not a compile error of the kernel."""

import cupy as cp
import torch
import torch.nn as nn

SOURCE = r'''
#include <curand_kernel.h>
// ############################ dropout + affine ############################
extern "C" __global__ void dropout_affine(const float* x, float* y, int n, float p, unsigned long long seed,
                                          int training) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float v = x[i];
    if (training) {
        curandStatePhilox4_32_10_t st;
        curand_init(seed, i, 0, &st);
        v = curand_uniform(&st) > p ? v / (1.f - p) : 0.f;
    }
    y[i] = 2.f * v + 1.f;
}
'''
module = cp.RawModule(code=SOURCE)


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        kernel = module.get_function("dropout_affine")
        kernel(((n + 255) // 256,), (256,), (cp.asarray(x), cp.asarray(y), cp.int32(n), cp.float32(0.1),
                                             cp.uint64(7), cp.int32(int(self.training))))
        return y
