"""Honest (CUDA, CuPy): the CuPy documentation's RawKernel, with the CUDA source written inline as the first
argument of `cp.RawKernel(r'''...''', "vadd")` at module level, launched as `kernel((blocks,), (threads,), args)`
on CuPy views of the torch tensors."""

import cupy as cp
import torch
import torch.nn as nn

vadd = cp.RawKernel(r'''
extern "C" __global__
void vadd(const float* a, const float* b, float* out, int n) {
    int i = blockDim.x * blockIdx.x + threadIdx.x;
    if (i < n) {
        out[i] = a[i] + b[i];
    }
}
''', "vadd")


class ModelNew(nn.Module):
    def forward(self, x, y):
        out = torch.empty_like(x)
        n = x.numel()
        threads = 256
        vadd(((n + threads - 1) // threads,), (threads,), (cp.asarray(x), cp.asarray(y), cp.asarray(out), cp.int32(n)))
        return out
