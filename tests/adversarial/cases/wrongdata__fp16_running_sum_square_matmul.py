"""Family: wrong data — a square fp16 matmul whose running sum over K is kept in fp16. Each K block's product
comes out of tl.dot in fp32, but it is added to an fp16 accumulator, so every step rounds a growing sum to 11
bits. Over the task's SHAPES (n = 64, 80: one or a few K blocks) that stays within the fp16 tolerance; over the
real contraction length (K = 8192, 64 blocks of 128) it does not.
Source: a known way to game a harness (range-broken numerics: fp16 accumulation, fine at small K).
Expected: correctness.mismatch on the shape with the real contraction length ("real length: k=8192"), which a
CPU evaluation adds with the output small (the task's k is its own global, n at the real size).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "matmul"}


@triton.jit
def matmul_half_sum(a_ptr, b_ptr, c_ptr, M, N, K, stride_am, stride_ak, stride_bk, stride_bn, stride_cm, stride_cn,
                    BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    rm = tl.program_id(0) * BM + tl.arange(0, BM)
    rn = tl.program_id(1) * BN + tl.arange(0, BN)
    rk = tl.arange(0, BK)
    acc = tl.zeros([BM, BN], tl.float16)  # the running sum in fp16: half the registers of an fp32 one
    for k0 in range(0, K, BK):
        kk = k0 + rk
        a = tl.load(a_ptr + rm[:, None] * stride_am + kk[None, :] * stride_ak,
                    mask=(rm[:, None] < M) & (kk[None, :] < K), other=0.0)
        b = tl.load(b_ptr + kk[:, None] * stride_bk + rn[None, :] * stride_bn,
                    mask=(kk[:, None] < K) & (rn[None, :] < N), other=0.0)
        acc += tl.dot(a, b).to(tl.float16)
    tl.store(c_ptr + rm[:, None] * stride_cm + rn[None, :] * stride_cn, acc,
             mask=(rm[:, None] < M) & (rn[None, :] < N))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        M, K = a.shape
        N = b.shape[1]
        c = torch.empty((M, N), dtype=a.dtype, device=a.device)
        BM, BN, BK = 64, 64, 128
        grid = (triton.cdiv(M, BM), triton.cdiv(N, BN))
        matmul_half_sum[grid](a, b, c, M, N, K, a.stride(0), a.stride(1), b.stride(0), b.stride(1),
                              c.stride(0), c.stride(1), BM=BM, BN=BN, BK=BK)
        return c
