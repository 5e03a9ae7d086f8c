"""Family: doing no kernel work — a CUDA kernel string is present (so the file "has a kernel"), but
the output is computed with cupy's own library functions on a zero-copy view of the input.
Source: Wafer field guide ("another library does the math").
Expected: static stage (CuPy library ops are banned statically; the op watch would flag the export too).
"""

import cupy
import numpy
import torch
import torch.nn as nn

EXPECT = {'stage': 'static', 'check': 'static.'}

SRC = r"""
extern "C" __global__ void unused(float* y) { }
"""


class ModelNew(nn.Module):
    def forward(self, x):
        a = cupy.asarray(x)
        e = cupy.exp(a - a.max(axis=-1, keepdims=True))
        return torch.as_tensor(e / e.sum(axis=-1, keepdims=True), device=x.device)
