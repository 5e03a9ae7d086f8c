"""Honest: w8A8 FP8 GEMM: a row-quantize kernel (absmax, scale = amax / 448, tl.div_rn, .to(tl.float8e4nv)) into
torch.float8_e4m3fn buffers plus fp32 scales, then an fp8 x fp8 tl.dot with fp32 accumulation and the
per-row / per-column scales applied in the epilogue."""
import torch
import torch.nn as nn
import triton
import triton.language as tl

FP8_MAX = 448.0


@triton.jit
def _rowwise_quant_fp8(x_ptr, q_ptr, s_ptr, n_cols, stride_x, stride_q, FP8_MAX: tl.constexpr,
                       BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    offs = tl.arange(0, BLOCK)
    amax = tl.zeros([BLOCK], dtype=tl.float32)
    for start in range(0, n_cols, BLOCK):
        cols = start + offs
        x = tl.load(x_ptr + row * stride_x + cols, mask=cols < n_cols, other=0.0).to(tl.float32)
        amax = tl.maximum(amax, tl.abs(x))
    scale = tl.maximum(tl.max(amax, axis=0), 1e-12) / FP8_MAX
    for start in range(0, n_cols, BLOCK):
        cols = start + offs
        mask = cols < n_cols
        x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=0.0).to(tl.float32)
        q = tl.div_rn(x, scale)
        tl.store(q_ptr + row * stride_q + cols, q.to(tl.float8e4nv), mask=mask)
    tl.store(s_ptr + row, scale)


@triton.jit
def _fp8_gemm_rowcol_scaled(a_ptr, b_ptr, c_ptr, sa_ptr, sb_ptr, M, N, K, stride_am, stride_bn, stride_cm,
                            BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
    pid_m = tl.program_id(0)
    pid_n = tl.program_id(1)
    offs_m = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)
    offs_n = pid_n * BLOCK_N + tl.arange(0, BLOCK_N)
    offs_k = tl.arange(0, BLOCK_K)
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k0 in range(0, K, BLOCK_K):
        kk = k0 + offs_k
        a = tl.load(a_ptr + offs_m[:, None] * stride_am + kk[None, :],
                    mask=(offs_m[:, None] < M) & (kk[None, :] < K), other=0.0)
        b = tl.load(b_ptr + offs_n[:, None] * stride_bn + kk[None, :],
                    mask=(offs_n[:, None] < N) & (kk[None, :] < K), other=0.0)
        acc = tl.dot(a, tl.trans(b), acc)
    sa = tl.load(sa_ptr + offs_m, mask=offs_m < M, other=0.0)
    sb = tl.load(sb_ptr + offs_n, mask=offs_n < N, other=0.0)
    acc = acc * sa[:, None] * sb[None, :]
    tl.store(c_ptr + offs_m[:, None] * stride_cm + offs_n[None, :], acc.to(tl.float16),
             mask=(offs_m[:, None] < M) & (offs_n[None, :] < N))


def quantize_rows(t):
    R, C = t.shape
    q = torch.empty((R, C), device=t.device, dtype=torch.float8_e4m3fn)
    s = torch.empty((R,), device=t.device, dtype=torch.float32)
    _rowwise_quant_fp8[(R,)](t, q, s, C, t.stride(0), q.stride(0), FP8_MAX=FP8_MAX, BLOCK=1024)
    return q, s


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, w):
        x = x.contiguous()
        w = w.contiguous()
        xq, sx = quantize_rows(x)
        wq, sw = quantize_rows(w)
        M, K = x.shape
        N = w.shape[0]
        c = torch.empty((M, N), device=x.device, dtype=torch.float16)
        grid = (triton.cdiv(M, 64), triton.cdiv(N, 64))
        _fp8_gemm_rowcol_scaled[grid](xq, wq, c, sx, sw, M, N, K, xq.stride(0), wq.stride(0), c.stride(0),
                                      BLOCK_M=64, BLOCK_N=64, BLOCK_K=64, num_warps=4)
        return c
