"""Family: wrong data as right — a tiled matmul that parks its fp32 accumulator in a workspace after the K
loop and loads it back at the same offsets for the epilogue's cast. The interpreter takes the read-back as
each thread's own. Compiled for sm_90 the accumulator is converted out of the MMA layout into one blocked
layout for its store (a row per warp in turn), while the load gets another (two rows per warp): a row stored
by one warp is loaded by another, and the barrier of the conversion comes before the store, not between.
The interpreter runs the store before the load, so the result is right on the CPU.
Source: layouts chosen per memory operation by the compiler, after a tl.dot.
Expected: correctness stage, correctness.race: the store and the load get different layouts in the compile for
the target.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'matmul',
          'reason_contains': 'different layouts'}


@triton.jit
def matmul_parked(a_ptr, b_ptr, c_ptr, w_ptr, M, N, K, sam, sak, sbk, sbn, scm, scn,
                  BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    rm = tl.program_id(0) * BM + tl.arange(0, BM)
    rn = tl.program_id(1) * BN + tl.arange(0, BN)
    rk = tl.arange(0, BK)
    acc = tl.zeros([BM, BN], tl.float32)
    for k in range(0, K, BK):
        a = tl.load(a_ptr + rm[:, None] * sam + (k + rk)[None, :] * sak,
                    mask=(rm[:, None] < M) & ((k + rk)[None, :] < K), other=0.0)
        b = tl.load(b_ptr + (k + rk)[:, None] * sbk + rn[None, :] * sbn,
                    mask=((k + rk)[:, None] < K) & (rn[None, :] < N), other=0.0)
        acc = tl.dot(a, b, acc)
    inside = (rm[:, None] < M) & (rn[None, :] < N)
    spot = rm[:, None] * N + rn[None, :]
    tl.store(w_ptr + spot, acc, mask=inside)
    back = tl.load(w_ptr + spot, mask=inside, other=0.0)
    tl.store(c_ptr + rm[:, None] * scm + rn[None, :] * scn, back.to(c_ptr.dtype.element_ty), mask=inside)


class ModelNew(nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        M, K = a.shape
        N = b.shape[1]
        c = torch.empty((M, N), device=a.device, dtype=a.dtype)
        w = torch.empty((M, N), device=a.device, dtype=torch.float32)
        grid = (triton.cdiv(M, 128), triton.cdiv(N, 128))
        matmul_parked[grid](a, b, c, w, M, N, K, a.stride(0), a.stride(1), b.stride(0), b.stride(1),
                            c.stride(0), c.stride(1), BM=128, BN=128, BK=32)
        return c
