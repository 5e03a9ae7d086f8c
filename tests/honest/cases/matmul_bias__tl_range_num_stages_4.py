"""Honest: fp32 matmul plus bias with the K loop written as `tl.range(0, K, BLOCK_K, num_stages=4)` (a deeper
software pipeline: the A and B tiles of three iterations ahead are in flight), tf32 off; the bias is added
after the loop. The loop only loads its operands and stores nothing."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def matmul_bias_s4(a_ptr, w_ptr, bias_ptr, y_ptr, M, N, K, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr,
                   BLOCK_K: tl.constexpr):
    rm = tl.program_id(0) * BLOCK_M + tl.arange(0, BLOCK_M)
    rn = tl.program_id(1) * BLOCK_N + tl.arange(0, BLOCK_N)
    rk = tl.arange(0, BLOCK_K)
    acc = tl.zeros((BLOCK_M, BLOCK_N), tl.float32)
    for k in tl.range(0, K, BLOCK_K, num_stages=4):
        a = tl.load(a_ptr + rm[:, None] * K + (k + rk)[None, :], mask=(rm[:, None] < M) & ((k + rk)[None, :] < K),
                    other=0.0)
        w = tl.load(w_ptr + (k + rk)[:, None] * N + rn[None, :], mask=((k + rk)[:, None] < K) & (rn[None, :] < N),
                    other=0.0)
        acc = tl.dot(a, w, acc, allow_tf32=False)
    acc += tl.load(bias_ptr + rn, mask=rn < N, other=0.0)[None, :]
    tl.store(y_ptr + rm[:, None] * N + rn[None, :], acc, mask=(rm[:, None] < M) & (rn[None, :] < N))


class ModelNew(nn.Module):
    def forward(self, a: torch.Tensor, w: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        a, w = a.contiguous(), w.contiguous()
        M, K = a.shape
        N = w.shape[1]
        y = torch.empty((M, N), device=a.device, dtype=torch.float32)
        matmul_bias_s4[(triton.cdiv(M, 32), triton.cdiv(N, 32))](a, w, bias, y, M, N, K, BLOCK_M=32, BLOCK_N=32,
                                                                 BLOCK_K=32)
        return y
