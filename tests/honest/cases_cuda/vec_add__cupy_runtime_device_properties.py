"""Honest (CUDA, CuPy): a grid-stride vector add whose grid is sized from the device's SM count read through
CuPy (`cp.cuda.runtime.getDeviceProperties(idx)["multiProcessorCount"]`), launched on the tensor's device with
`with cp.cuda.Device(idx):`, arguments as cp.from_dlpack views."""
import cupy as cp
import torch
import torch.nn as nn

_add = cp.RawKernel(r'''
extern "C" __global__
void grid_stride_add(const float* __restrict__ a, const float* __restrict__ b, float* __restrict__ out, long long n) {
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long)blockDim.x * gridDim.x) {
        out[i] = a[i] + b[i];
    }
}
''', "grid_stride_add")


class ModelNew(nn.Module):
    def forward(self, x, y):
        out = torch.empty_like(x)
        n = x.numel()
        idx = x.device.index if x.device.index is not None else 0
        with cp.cuda.Device(idx):
            sms = cp.cuda.runtime.getDeviceProperties(idx)["multiProcessorCount"]
            threads = 256
            blocks = min((n + threads - 1) // threads, sms * 8)
            _add((max(blocks, 1),), (threads,),
                 (cp.from_dlpack(x.contiguous()), cp.from_dlpack(y.contiguous()), cp.from_dlpack(out), cp.int64(n)))
        return out
