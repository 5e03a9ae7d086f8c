"""Honest: Gemm + Swish + scale, @heuristics EVEN_K, precision from torch.backends flag."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.heuristics({"EVEN_K": lambda args: args["K"] % args["BLOCK_K"] == 0})
@triton.jit
def gemm_swish_scale_kernel(a_ptr, w_ptr, bias_ptr, c_ptr, M, N, K, scale,
                            stride_am, stride_ak, stride_wn, stride_wk, stride_cm, stride_cn,
                            BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr,
                            EVEN_K: tl.constexpr, PRECISION: tl.constexpr):
    pid_m = tl.program_id(0)
    pid_n = tl.program_id(1)
    rm = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)
    rn = pid_n * BLOCK_N + tl.arange(0, BLOCK_N)
    rk = tl.arange(0, BLOCK_K)
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k0 in tl.range(0, K, BLOCK_K):
        kk = k0 + rk
        if EVEN_K:
            a = tl.load(a_ptr + rm[:, None] * stride_am + kk[None, :] * stride_ak, mask=rm[:, None] < M, other=0.0)
            w = tl.load(w_ptr + rn[None, :] * stride_wn + kk[:, None] * stride_wk, mask=rn[None, :] < N, other=0.0)
        else:
            a = tl.load(a_ptr + rm[:, None] * stride_am + kk[None, :] * stride_ak,
                        mask=(rm[:, None] < M) & (kk[None, :] < K), other=0.0)
            w = tl.load(w_ptr + rn[None, :] * stride_wn + kk[:, None] * stride_wk,
                        mask=(rn[None, :] < N) & (kk[:, None] < K), other=0.0)
        acc += tl.dot(a, w, input_precision=PRECISION)
    bias = tl.load(bias_ptr + rn, mask=rn < N, other=0.0)
    acc = acc + bias[None, :]
    acc = acc * tl.sigmoid(acc) * scale
    tl.store(c_ptr + rm[:, None] * stride_cm + rn[None, :] * stride_cn, acc, mask=(rm[:, None] < M) & (rn[None, :] < N))


class ModelNew(nn.Module):
    def __init__(self, in_features, out_features, scaling_factor):
        super().__init__()
        self.matmul = nn.Linear(in_features, out_features)
        self.scaling_factor = scaling_factor

    def forward(self, x):
        x = x.contiguous()
        M, K = x.shape
        w = self.matmul.weight
        N = w.shape[0]
        out = torch.empty((M, N), device=x.device, dtype=torch.float32)
        BM, BN, BK = 32, 64, 32
        grid = (triton.cdiv(M, BM), triton.cdiv(N, BN))
        gemm_swish_scale_kernel[grid](x, w, self.matmul.bias, out, M, N, K, self.scaling_factor,
                                      x.stride(0), x.stride(1), w.stride(0), w.stride(1),
                                      out.stride(0), out.stride(1), BLOCK_M=BM, BLOCK_N=BN, BLOCK_K=BK,
                                      PRECISION="tf32" if torch.backends.cuda.matmul.allow_tf32 else "ieee")
        return out
