"""Honest (CUDA, CuPy): a RawKernel for torch.where(mask, x, y), the bool mask read as bytes through a uint8 view,
followed by `torch.cuda.synchronize()`, the belt-and-braces wait CuPy/torch interop snippets put after a launch
on CuPy's stream (it only waits; no work leaves the timer)."""

import cupy as cp
import torch
import torch.nn as nn

where = cp.RawKernel(r"""
extern "C" __global__ void where_u8(const unsigned char* __restrict__ m, const float* __restrict__ a,
                                    const float* __restrict__ b, float* __restrict__ out, int n) {
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = m[i] ? a[i] : b[i];
}
""", "where_u8")


class ModelNew(nn.Module):
    def forward(self, m, x, y):
        m8 = m.contiguous().view(torch.uint8)
        x = x.contiguous()
        y = y.contiguous()
        out = torch.empty_like(x)
        n = x.numel()
        where(((n + 255) // 256,), (256,), (cp.asarray(m8), cp.asarray(x), cp.asarray(y), cp.asarray(out), cp.int32(n)))
        torch.cuda.synchronize()
        return out
