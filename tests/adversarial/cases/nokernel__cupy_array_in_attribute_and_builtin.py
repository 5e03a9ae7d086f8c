"""Family: doing no kernel work — CuPy arrays kept where a name-by-name reading loses them: stored on `self`
and in a list, then reduced by Python's `sum` over the array (each `+` one of CuPy's kernels) and by
`functools.reduce(operator.add, ...)`; a decoy RawKernel is launched.
Source: the candidate contract ("CuPy's own math is refused"), variants of nokernel__cupy_array_via_helper.
Expected: static stage, static.cupy_library (attributes and containers of CuPy arrays are CuPy arrays, and a
CuPy array is given to kernels, torch.as_tensor and CuPy's allocators only).
"""

import functools
import operator

import cupy
import numpy
import torch
import torch.nn as nn

EXPECT = {'stage': 'static', 'check': 'static.cupy_library'}

touch = cupy.RawKernel(r"""
extern "C" __global__ void touch(float* p, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) p[i] = p[i];
}
""", "touch")


class ModelNew(nn.Module):
    def forward(self, x):
        y = torch.empty_like(x)
        self.arrays = [cupy.asarray(x), cupy.asarray(y)]
        touch((1,), (32,), (self.arrays[1], numpy.int32(0)))
        total = sum(self.arrays[0])
        both = functools.reduce(operator.add, self.arrays)
        return torch.as_tensor(both - total)
