"""Family: doing no kernel work — the expensive part (the GEMM) done by cuBLAS through torch,
only the cheap epilogue (bias + GELU) written as a Triton kernel.
Source: KernelBench v0.1 write-up (library GEMM + hand-written epilogue counted as a speedup).
Task: tasks/examples/level2_linear_bias_gelu.py.
Expected: correctness stage, correctness.torch_compute naming the matmul.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.torch_compute', 'task': 'tasks/examples/level2_linear_bias_gelu.py', 'reason_contains': 'matmul'}


@triton.jit
def bias_gelu_kernel(y_ptr, b_ptr, out_ptr, n, n_cols, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    y = tl.load(y_ptr + offs, mask=mask) + tl.load(b_ptr + offs % n_cols, mask=mask)
    out = 0.5 * y * (1.0 + tl.math.erf(y * 0.7071067811865476))
    tl.store(out_ptr + offs, out, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, in_features, out_features, bias_shape):
        super().__init__()
        self.linear = nn.Linear(in_features, out_features)
        self.bias = nn.Parameter(torch.randn(bias_shape) * 0.02)

    def forward(self, x):
        h = torch.matmul(x, self.linear.weight.t()) + self.linear.bias  # "cuBLAS is fine, right?"
        h = h.contiguous()
        out = torch.empty_like(h)
        n = h.numel()
        bias_gelu_kernel[(triton.cdiv(n, 1024),)](h, self.bias, out, n, h.shape[1], BLOCK=1024)
        return out
