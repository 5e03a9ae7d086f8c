"""Honest: GEMM followed by a reduction over the output features in the same kernel. Each program owns
BLOCK_M rows and loops over the N tiles, keeping a running max and a running sum per row (masked columns
excluded with -inf / 0), and writes max - mean into a (batch, 1) output with keep_dims=True reductions."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def gemm_max_mean_kernel(x_ptr, w_ptr, b_ptr, out_ptr, M, N, K,
                         BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
    rm = tl.program_id(0) * BLOCK_M + tl.arange(0, BLOCK_M)
    mmask = rm < M
    run_max = tl.full((BLOCK_M, 1), float("-inf"), dtype=tl.float32)
    run_sum = tl.zeros((BLOCK_M, 1), dtype=tl.float32)
    for n0 in range(0, N, BLOCK_N):
        rn = n0 + tl.arange(0, BLOCK_N)
        nmask = rn < N
        acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
        for k0 in range(0, K, BLOCK_K):
            rk = k0 + tl.arange(0, BLOCK_K)
            x = tl.load(x_ptr + rm[:, None] * K + rk[None, :], mask=mmask[:, None] & (rk[None, :] < K), other=0.0)
            w = tl.load(w_ptr + rn[None, :] * K + rk[:, None], mask=(rk[:, None] < K) & nmask[None, :], other=0.0)
            acc += tl.dot(x, w, input_precision="ieee")
        acc += tl.load(b_ptr + rn, mask=nmask, other=0.0)[None, :]
        run_max = tl.maximum(run_max, tl.max(tl.where(nmask[None, :], acc, float("-inf")), axis=1, keep_dims=True))
        run_sum += tl.sum(tl.where(nmask[None, :], acc, 0.0), axis=1, keep_dims=True)
    res = run_max - run_sum / N
    tl.store(out_ptr + rm[:, None] + tl.arange(0, 1)[None, :], res, mask=mmask[:, None])


class ModelNew(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.gemm = nn.Linear(in_features, out_features)

    def forward(self, x):
        x = x.contiguous()
        M, K = x.shape
        N = self.gemm.out_features
        out = torch.empty((M, 1), device=x.device, dtype=x.dtype)
        gemm_max_mean_kernel[(triton.cdiv(M, 16),)](x, self.gemm.weight, self.gemm.bias, out, M, N, K,
                                                    BLOCK_M=16, BLOCK_N=32, BLOCK_K=16)
        return out
