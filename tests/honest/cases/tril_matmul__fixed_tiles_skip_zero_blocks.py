"""Honest: Lower-triangular GEMM (fixed 32x32 tiles) that only walks the K range where both operands can be nonzero.

For an output tile of rows [m0, m0+BM) and columns [n0, n0+BN), A[i, k] = 0 for k > i and B[k, j] = 0 for
k < j, so only k in [n0, m0 + BM) contributes; tiles entirely above the diagonal are zero.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def tril_mm_kernel(a_ptr, b_ptr, c_ptr, N,
                   stride_am, stride_ak, stride_bk, stride_bn, stride_cm, stride_cn,
                   BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
    pid_m = tl.program_id(0)
    pid_n = tl.program_id(1)
    m0 = pid_m * BLOCK_M
    n0 = pid_n * BLOCK_N
    offs_m = m0 + tl.arange(0, BLOCK_M)
    offs_n = n0 + tl.arange(0, BLOCK_N)
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    if n0 < m0 + BLOCK_M:
        # first k that can contribute is n0 (B is zero above its diagonal); last is m0 + BLOCK_M - 1
        k_start = (n0 // BLOCK_K) * BLOCK_K
        k_end = tl.minimum(m0 + BLOCK_M, N)
        for k in range(k_start, k_end, BLOCK_K):
            offs_k = k + tl.arange(0, BLOCK_K)
            a = tl.load(a_ptr + offs_m[:, None] * stride_am + offs_k[None, :] * stride_ak,
                        mask=(offs_m[:, None] < N) & (offs_k[None, :] < N), other=0.0)
            b = tl.load(b_ptr + offs_k[:, None] * stride_bk + offs_n[None, :] * stride_bn,
                        mask=(offs_k[:, None] < N) & (offs_n[None, :] < N), other=0.0)
            acc += tl.dot(a, b, allow_tf32=False)
    keep = offs_m[:, None] >= offs_n[None, :]
    acc = tl.where(keep, acc, 0.0)
    tl.store(c_ptr + offs_m[:, None] * stride_cm + offs_n[None, :] * stride_cn, acc,
             mask=(offs_m[:, None] < N) & (offs_n[None, :] < N))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        A = A.contiguous()
        B = B.contiguous()
        n = A.shape[0]
        C = torch.empty((n, n), device=A.device, dtype=torch.float32)
        BM = BN = BK = 32
        grid = (triton.cdiv(n, BM), triton.cdiv(n, BN))
        tril_mm_kernel[grid](A, B, C, n, A.stride(0), A.stride(1), B.stride(0), B.stride(1),
                             C.stride(0), C.stride(1), BLOCK_M=BM, BLOCK_N=BN, BLOCK_K=BK, num_warps=4)
        return C
