"""Honest: batched matmul where each program takes a block of batches and calls tl.dot on 3-D operands
(BLOCK_B, BLOCK_M, BLOCK_K) x (BLOCK_B, BLOCK_K, BLOCK_N), with out_dtype=tl.float32."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def bmm_3d_dot(a_ptr, b_ptr, c_ptr, B, M, N, K,
               sab, sam, sak, sbb, sbk, sbn, scb, scm, scn,
               BLOCK_B: tl.constexpr, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
    ob = tl.program_id(0) * BLOCK_B + tl.arange(0, BLOCK_B)
    om = tl.program_id(1) * BLOCK_M + tl.arange(0, BLOCK_M)
    on = tl.program_id(2) * BLOCK_N + tl.arange(0, BLOCK_N)
    ok = tl.arange(0, BLOCK_K)
    acc = tl.zeros((BLOCK_B, BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k0 in range(0, K, BLOCK_K):
        kk = k0 + ok
        a_ptrs = a_ptr + ob[:, None, None] * sab + om[None, :, None] * sam + kk[None, None, :] * sak
        a_mask = (ob[:, None, None] < B) & (om[None, :, None] < M) & (kk[None, None, :] < K)
        b_ptrs = b_ptr + ob[:, None, None] * sbb + kk[None, :, None] * sbk + on[None, None, :] * sbn
        b_mask = (ob[:, None, None] < B) & (kk[None, :, None] < K) & (on[None, None, :] < N)
        a = tl.load(a_ptrs, mask=a_mask, other=0.0)
        b = tl.load(b_ptrs, mask=b_mask, other=0.0)
        acc += tl.dot(a, b, input_precision="ieee", out_dtype=tl.float32)
    c_ptrs = c_ptr + ob[:, None, None] * scb + om[None, :, None] * scm + on[None, None, :] * scn
    c_mask = (ob[:, None, None] < B) & (om[None, :, None] < M) & (on[None, None, :] < N)
    tl.store(c_ptrs, acc, mask=c_mask)


class ModelNew(nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        B, M, K = a.shape
        N = b.shape[2]
        c = torch.empty((B, M, N), device=a.device, dtype=torch.float32)
        BLOCK_B, BLOCK_M, BLOCK_N, BLOCK_K = 2, 16, 16, 16
        grid = (triton.cdiv(B, BLOCK_B), triton.cdiv(M, BLOCK_M), triton.cdiv(N, BLOCK_N))
        bmm_3d_dot[grid](a, b, c, B, M, N, K, *a.stride(), *b.stride(), *c.stride(),
                         BLOCK_B=BLOCK_B, BLOCK_M=BLOCK_M, BLOCK_N=BLOCK_N, BLOCK_K=BLOCK_K)
        return c
