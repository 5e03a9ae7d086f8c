"""Honest: BatchNorm1d in eval mode folded into the GEMM epilogue. The kernel reads the BatchNorm's
running_mean/running_var buffers and its affine weight/bias directly, so renewed statistics are used as
loaded; (acc + b - mean) * rsqrt(var + eps) * gamma + beta, then ReLU."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def linear_bn_relu_kernel(x_ptr, w_ptr, b_ptr, mean_ptr, var_ptr, g_ptr, beta_ptr, y_ptr, M, N, K, eps,
                          BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
    rm = tl.program_id(0) * BLOCK_M + tl.arange(0, BLOCK_M)
    rn = tl.program_id(1) * BLOCK_N + tl.arange(0, BLOCK_N)
    nmask = rn < N
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k0 in range(0, K, BLOCK_K):
        rk = k0 + tl.arange(0, BLOCK_K)
        x = tl.load(x_ptr + rm[:, None] * K + rk[None, :], mask=(rm[:, None] < M) & (rk[None, :] < K), other=0.0)
        w = tl.load(w_ptr + rn[None, :] * K + rk[:, None], mask=(rk[:, None] < K) & nmask[None, :], other=0.0)
        acc += tl.dot(x, w, input_precision="ieee")
    b = tl.load(b_ptr + rn, mask=nmask, other=0.0)
    mean = tl.load(mean_ptr + rn, mask=nmask, other=0.0)
    var = tl.load(var_ptr + rn, mask=nmask, other=1.0)
    g = tl.load(g_ptr + rn, mask=nmask, other=0.0)
    beta = tl.load(beta_ptr + rn, mask=nmask, other=0.0)
    inv = tl.math.rsqrt(var + eps) * g
    y = (acc + (b - mean)[None, :]) * inv[None, :] + beta[None, :]
    y = tl.maximum(y, 0.0)
    tl.store(y_ptr + rm[:, None] * N + rn[None, :], y, mask=(rm[:, None] < M) & nmask[None, :])


class ModelNew(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.fc = nn.Linear(in_features, out_features)
        self.bn = nn.BatchNorm1d(out_features, eps=1e-5)

    def forward(self, x):
        x = x.contiguous()
        M, K = x.shape
        N = self.fc.out_features
        y = torch.empty((M, N), device=x.device, dtype=x.dtype)
        grid = (triton.cdiv(M, 16), triton.cdiv(N, 16))
        linear_bn_relu_kernel[grid](x, self.fc.weight, self.fc.bias, self.bn.running_mean, self.bn.running_var,
                                    self.bn.weight, self.bn.bias, y, M, N, K, self.bn.eps,
                                    BLOCK_M=16, BLOCK_N=16, BLOCK_K=16)
        return y
