"""Honest: Split-K matmul: a 3-D grid (M blocks, N blocks, SPLIT_K) whose programs each reduce one slice of K and
`tl.atomic_add` their partial tile into a `torch.zeros` output; the weight re-declared in __init__ exactly as
the reference makes it (`torch.eye(dim) + 0.01 * torch.randn(dim, dim)`)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def splitk_kernel(a_ptr, b_ptr, c_ptr, M, N, K, stride_am, stride_bk, stride_cm,
                  BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr, SPLIT_K: tl.constexpr):
    pid_m = tl.program_id(0)
    pid_n = tl.program_id(1)
    pid_k = tl.program_id(2)
    rm = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)
    rn = pid_n * BLOCK_N + tl.arange(0, BLOCK_N)
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k0 in range(pid_k * BLOCK_K, K, BLOCK_K * SPLIT_K):
        rk = k0 + tl.arange(0, BLOCK_K)
        a = tl.load(a_ptr + rm[:, None] * stride_am + rk[None, :], mask=(rm[:, None] < M) & (rk[None, :] < K), other=0.)
        b = tl.load(b_ptr + rk[:, None] * stride_bk + rn[None, :], mask=(rk[:, None] < K) & (rn[None, :] < N), other=0.)
        acc += tl.dot(a, b, input_precision="ieee")
    mask = (rm[:, None] < M) & (rn[None, :] < N)
    tl.atomic_add(c_ptr + rm[:, None] * stride_cm + rn[None, :], acc, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.mix = nn.Parameter(torch.eye(dim) + 0.01 * torch.randn(dim, dim))

    def forward(self, x):
        x = x.contiguous()
        w = self.mix.contiguous()
        M, K = x.shape
        N = w.shape[1]
        out = torch.zeros((M, N), device=x.device, dtype=torch.float32)
        BM, BN, BK, SPLIT_K = 16, 16, 16, 2
        grid = (triton.cdiv(M, BM), triton.cdiv(N, BN), SPLIT_K)
        splitk_kernel[grid](x, w, out, M, N, K, x.stride(0), w.stride(0), out.stride(0),
                            BLOCK_M=BM, BLOCK_N=BN, BLOCK_K=BK, SPLIT_K=SPLIT_K)
        return out
