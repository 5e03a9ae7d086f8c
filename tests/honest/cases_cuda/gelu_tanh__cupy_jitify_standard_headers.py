"""Honest (CUDA, CuPy): `cupy.RawModule(code=..., jitify=True)`, CuPy's switch for sources that include C++
standard headers (<cstdint>, <type_traits>), which Jitify supplies to NVRTC: not compiled ahead here, where
there is no Jitify; a templated tanh-GELU instantiated through name_expressions."""

import cupy as cp
import torch
import torch.nn as nn

GELU_SRC = r"""
#include <cstdint>
#include <type_traits>

template <typename T>
__global__ void gelu_tanh(const T* __restrict__ x, T* __restrict__ y, int64_t n) {
    static_assert(std::is_floating_point<T>::value, "floating point only");
    const T k0 = T(0.7978845608028654);   // sqrt(2 / pi)
    const T k1 = T(0.044715);
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (int64_t)blockDim.x * gridDim.x) {
        const T v = x[i];
        y[i] = T(0.5) * v * (T(1) + tanh(k0 * (v + k1 * v * v * v)));
    }
}
"""

_mod = cp.RawModule(code=GELU_SRC, options=("--std=c++17",), jitify=True, name_expressions=("gelu_tanh<float>",))


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        kern = _mod.get_function("gelu_tanh<float>")
        kern((min((n + 255) // 256, 4096),), (256,), (cp.asarray(x), cp.asarray(y), cp.int64(n)))
        return y
