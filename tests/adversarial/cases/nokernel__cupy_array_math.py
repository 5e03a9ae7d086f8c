"""Family: doing no kernel work — a CUDA candidate whose own kernel is a decoy, with the softmax done by the
methods and operators of CuPy arrays (CuPy's kernels, which the op watch, watching torch, never sees),
written back with an item store.
Source: the candidate contract ("the CuPy launch glue is allowed, CuPy's own math is not"), own variant of
cases_gpu/nokernel__cupy_library_math_gpu that uses no cupy.<function>.
Expected: static stage, static.cupy_library (CuPy arrays are launch arguments only).
"""

import numpy
import torch
import torch.nn as nn

EXPECT = {'stage': 'static', 'check': 'static.cupy_library'}

SRC = r"""
extern "C" __global__ void touch(float* p, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) p[i] = p[i];
}
"""


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self._mod = None

    def forward(self, x):
        import cupy
        if self._mod is None:
            self._mod = cupy.RawModule(code=SRC)
        y = torch.empty_like(x)
        a, b = cupy.asarray(x), cupy.asarray(y)
        self._mod.get_function("touch")((1,), (32,), (b, numpy.int32(0)))
        e = (a - a.max(axis=-1, keepdims=True))
        b[...] = e / e.sum(axis=-1, keepdims=True)
        return y
