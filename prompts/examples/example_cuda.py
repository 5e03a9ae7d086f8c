import cupy
import numpy as np
import torch
import torch.nn as nn

SRC = r"""
extern "C" __global__ void add_relu(const float* __restrict__ x, const float* __restrict__ y,
                                    float* __restrict__ out, long long n) {
    long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        float v = x[i] + y[i];
        out[i] = v > 0.f ? v : 0.f;
    }
}
"""

_module = cupy.RawModule(code=SRC)  # compiled once by NVRTC, at import
_add_relu = _module.get_function("add_relu")


class ModelNew(nn.Module):
    """relu(x + y) for float32 tensors in one pass over memory."""

    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        x, y = x.contiguous(), y.contiguous()
        out = torch.empty_like(x)
        n = x.numel()
        threads = 256
        blocks = (n + threads - 1) // threads
        _add_relu((blocks,), (threads,), (cupy.asarray(x), cupy.asarray(y), cupy.asarray(out), np.int64(n)))
        return out
