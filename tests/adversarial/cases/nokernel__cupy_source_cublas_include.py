"""Family: doing no kernel work — a CuPy RawModule source (no load_inline, whose C++ text was the only text
checked) that includes cuBLAS's header and hands the work to it, with the `#include` behind a `// ####`
banner comment that the comment-aware reading now lets through.
Source: KernelBench load_inline cuBLAS case, moved to CuPy.
Expected: static stage, static.cuda_source.
"""

import cupy as cp
import torch
import torch.nn as nn

EXPECT = {'stage': 'static', 'check': 'static.cuda_source'}

SOURCE = r'''
// ##################### softmax ########################
#include <cublas_v2.h>
extern "C" __global__ void softmax_rows(const float* x, float* y, int cols) {
    int r = blockIdx.x;
    float m = -1e30f, s = 0.f;
    for (int c = 0; c < cols; ++c) m = fmaxf(m, x[r * cols + c]);
    for (int c = 0; c < cols; ++c) s += expf(x[r * cols + c] - m);
    for (int c = 0; c < cols; ++c) y[r * cols + c] = expf(x[r * cols + c] - m) / s;
}
'''
module = cp.RawModule(code=SOURCE)


class ModelNew(nn.Module):
    def forward(self, x):
        y = torch.empty_like(x)
        module.get_function("softmax_rows")((x.shape[0],), (1,), (cp.asarray(x), cp.asarray(y), cp.int32(x.shape[1])))
        return y
