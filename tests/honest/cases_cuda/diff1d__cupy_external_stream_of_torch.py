"""Honest (CUDA, CuPy): CuPy's PyTorch interop, the launch put on torch's current stream with
`cupy.cuda.ExternalStream(torch.cuda.current_stream().cuda_stream)` entered as a context (bound to a name
first), so the kernel is ordered with torch's work; a forward difference y[i] = x[i + 1] - x[i]."""

import cupy as cp
import torch
import torch.nn as nn

diff = cp.RawKernel(r"""
extern "C" __global__ void diff1d(const float* __restrict__ x, float* __restrict__ y, long long m) {
    const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < m) y[i] = x[i + 1] - x[i];
}
""", "diff1d")


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        m = x.numel() - 1
        y = torch.empty(m, dtype=x.dtype, device=x.device)
        torch_stream = cp.cuda.ExternalStream(torch.cuda.current_stream(x.device).cuda_stream)
        with torch_stream:
            diff(((m + 255) // 256,), (256,), (cp.asarray(x), cp.asarray(y), cp.int64(m)))
        return y
