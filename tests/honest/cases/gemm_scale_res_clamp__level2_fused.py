"""Honest: KernelBench level-2 style fused epilogue: GEMM with nn.Linear's weight, then * scale (a float
kept on the module from the constructor) + residual, then tl.clamp-free clamp via tl.minimum/tl.maximum;
@triton.autotune over two configs keyed on the sizes, grid = lambda META."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.autotune(
    configs=[
        triton.Config({"BLOCK_M": 16, "BLOCK_N": 16, "BLOCK_K": 16}, num_warps=2, num_stages=2),
        triton.Config({"BLOCK_M": 32, "BLOCK_N": 32, "BLOCK_K": 16}, num_warps=4, num_stages=3),
    ],
    key=["M", "N", "K"],
)
@triton.jit
def fused_kernel(x_ptr, w_ptr, b_ptr, r_ptr, y_ptr, M, N, K, scale, lo, hi,
                 BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
    rm = tl.program_id(0) * BLOCK_M + tl.arange(0, BLOCK_M)
    rn = tl.program_id(1) * BLOCK_N + tl.arange(0, BLOCK_N)
    rk = tl.arange(0, BLOCK_K)
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k0 in range(0, K, BLOCK_K):
        kk = k0 + rk
        x = tl.load(x_ptr + rm[:, None] * K + kk[None, :], mask=(rm[:, None] < M) & (kk[None, :] < K), other=0.0)
        w = tl.load(w_ptr + rn[None, :] * K + kk[:, None], mask=(kk[:, None] < K) & (rn[None, :] < N), other=0.0)
        acc += tl.dot(x, w, input_precision="ieee")
    omask = (rm[:, None] < M) & (rn[None, :] < N)
    acc += tl.load(b_ptr + rn, mask=rn < N, other=0.0)[None, :]
    res = tl.load(r_ptr + rm[:, None] * N + rn[None, :], mask=omask, other=0.0)
    y = acc * scale + res
    y = tl.minimum(tl.maximum(y, lo), hi)
    tl.store(y_ptr + rm[:, None] * N + rn[None, :], y, mask=omask)


class ModelNew(nn.Module):
    def __init__(self, in_features, out_features, scale):
        super().__init__()
        self.gemm = nn.Linear(in_features, out_features)
        self.scale = scale

    def forward(self, x, residual):
        M, K = x.shape
        N = self.gemm.out_features
        y = torch.empty((M, N), device=x.device, dtype=x.dtype)
        grid = lambda META: (triton.cdiv(M, META["BLOCK_M"]), triton.cdiv(N, META["BLOCK_N"]))
        fused_kernel[grid](x, self.gemm.weight, self.gemm.bias, residual, y, M, N, K, self.scale, -1.0, 1.0)
        return y
