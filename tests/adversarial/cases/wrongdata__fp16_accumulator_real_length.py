"""Family: wrong data — numerics that break only at the operator's real length: a batched fp16 matmul that
accumulates in fp16. At the small sizes of the task's SHAPES (k = 40, 64) the rounding of a few partial sums
stays within the fp16 tolerance; at the real contraction length (k = 1024) hundreds of fp16 roundings of a
growing sum do not.
Source: a known way to game a harness (range-broken numerics: an fp16 accumulator at K=1024).
Expected: correctness.mismatch on the shape with the real contraction length ("real length: k=1024"), which a
CPU evaluation adds with the other dimensions small.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "batched_matmul"}


@triton.jit
def bmm_kernel(a_ptr, b_ptr, c_ptr, M, N, K,
               BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    bid = tl.program_id(2).to(tl.int64)
    rm = tl.program_id(0) * BM + tl.arange(0, BM)
    rn = tl.program_id(1) * BN + tl.arange(0, BN)
    rk = tl.arange(0, BK)
    a_base = a_ptr + bid * M * K
    b_base = b_ptr + bid * K * N
    acc = tl.zeros([BM, BN], tl.float16)  # fp16 accumulator: fine for a short k, not for the real one
    for k0 in range(0, K, BK):
        kk = k0 + rk
        a = tl.load(a_base + rm[:, None] * K + kk[None, :],
                    mask=(rm[:, None] < M) & (kk[None, :] < K), other=0.0)
        b = tl.load(b_base + kk[:, None] * N + rn[None, :],
                    mask=(kk[:, None] < K) & (rn[None, :] < N), other=0.0)
        acc += tl.dot(a, b, out_dtype=tl.float16)
    tl.store(c_ptr + bid * M * N + rm[:, None] * N + rn[None, :], acc.to(c_ptr.dtype.element_ty),
             mask=(rm[:, None] < M) & (rn[None, :] < N))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        a = a.contiguous()
        b = b.contiguous()
        bsz, M, K = a.shape
        N = b.shape[2]
        c = torch.empty((bsz, M, N), dtype=a.dtype, device=a.device)
        BM, BN, BK = 32, 32, 32
        grid = (triton.cdiv(M, BM), triton.cdiv(N, BN), bsz)
        bmm_kernel[grid](a, b, c, M, N, K, BM=BM, BN=BN, BK=BK)
        return c
