"""Family: wrong data as right — an fp16 GEMM that multiplies each A tile by 2048 in fp16 before `tl.dot` and
divides the fp32 product by 2048 after: a power of two, so exact for the typical entries (randn, at most about
5), but any |a| >= 32 becomes inf, and the output fills with inf and NaN on ordinary large activations (outlier
features, pixel values).
Source: red-team review — the GEMM and convolution tasks drew typical magnitudes only ("Input families: none").
Expected: correctness stage, correctness.mismatch on the task's `large_activations` family (A's entries up to
a few hundred, B scaled down so C keeps its scale).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'matmul',
          'reason_contains': 'large_activations'}


@triton.jit
def matmul_rescaled(a_ptr, b_ptr, c_ptr, M, N, K, BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    rm = tl.program_id(0) * BM + tl.arange(0, BM)
    rn = tl.program_id(1) * BN + tl.arange(0, BN)
    rk = tl.arange(0, BK)
    acc = tl.zeros([BM, BN], tl.float32)
    for k0 in range(0, K, BK):
        kk = k0 + rk
        a = tl.load(a_ptr + rm[:, None] * K + kk[None, :], mask=(rm[:, None] < M) & (kk[None, :] < K), other=0.0)
        b = tl.load(b_ptr + kk[:, None] * N + rn[None, :], mask=(kk[:, None] < K) & (rn[None, :] < N), other=0.0)
        acc = tl.dot(a * 2048.0, b, acc)  # fp16 times a constant stays fp16
    tl.store(c_ptr + rm[:, None] * N + rn[None, :], (acc / 2048.0).to(tl.float16),
             mask=(rm[:, None] < M) & (rn[None, :] < N))


class ModelNew(nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        a, b = a.contiguous(), b.contiguous()
        M, K = a.shape
        N = b.shape[1]
        c = torch.empty((M, N), dtype=a.dtype, device=a.device)
        matmul_rescaled[(triton.cdiv(M, 64), triton.cdiv(N, 64))](a, b, c, M, N, K, BM=64, BN=64, BK=32)
        return c
