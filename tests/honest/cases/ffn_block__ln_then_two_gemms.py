"""Honest: level-3 style pre-norm FFN block (LN kernel, GEMM+GELU, GEMM+residual)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def ln_kernel(x_ptr, w_ptr, b_ptr, y_ptr, N, eps, BLOCK_N: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK_N)
    m = cols < N
    x = tl.load(x_ptr + row * N + cols, mask=m, other=0.0).to(tl.float32)
    mean = tl.sum(x, axis=0) / N
    d = tl.where(m, x - mean, 0.0)
    var = tl.sum(d * d, axis=0) / N
    rstd = tl.rsqrt(var + eps)
    w = tl.load(w_ptr + cols, mask=m, other=0.0)
    b = tl.load(b_ptr + cols, mask=m, other=0.0)
    tl.store(y_ptr + row * N + cols, d * rstd * w + b, mask=m)


@triton.jit
def linear_kernel(a_ptr, w_ptr, bias_ptr, res_ptr, c_ptr, M, N, K,
                  ACT_GELU: tl.constexpr, ADD_RES: tl.constexpr,
                  BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
    pid_m = tl.program_id(0)
    pid_n = tl.program_id(1)
    rm = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)
    rn = pid_n * BLOCK_N + tl.arange(0, BLOCK_N)
    rk = tl.arange(0, BLOCK_K)
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k in range(0, K, BLOCK_K):
        kk = k + rk
        a = tl.load(a_ptr + rm[:, None] * K + kk[None, :], mask=(rm[:, None] < M) & (kk[None, :] < K), other=0.0)
        w = tl.load(w_ptr + rn[None, :] * K + kk[:, None], mask=(rn[None, :] < N) & (kk[:, None] < K), other=0.0)
        acc += tl.dot(a, w, allow_tf32=False)
    acc += tl.load(bias_ptr + rn, mask=rn < N, other=0.0)[None, :]
    if ACT_GELU:
        acc = 0.5 * acc * (1.0 + tl.erf(acc * 0.7071067811865476))
    cmask = (rm[:, None] < M) & (rn[None, :] < N)
    if ADD_RES:
        acc += tl.load(res_ptr + rm[:, None] * N + rn[None, :], mask=cmask, other=0.0)
    tl.store(c_ptr + rm[:, None] * N + rn[None, :], acc, mask=cmask)


def _linear(a, weight, bias, gelu=False, residual=None):
    M, K = a.shape
    N = weight.shape[0]
    c = torch.empty((M, N), device=a.device, dtype=torch.float32)
    BM, BN, BK = 32, 64, 32
    grid = (triton.cdiv(M, BM), triton.cdiv(N, BN))
    linear_kernel[grid](a, weight, bias, residual if residual is not None else c, c, M, N, K,
                        ACT_GELU=gelu, ADD_RES=residual is not None, BLOCK_M=BM, BLOCK_N=BN, BLOCK_K=BK)
    return c


class ModelNew(nn.Module):
    def __init__(self, d_model, d_ff):
        super().__init__()
        self.norm = nn.LayerNorm(d_model)
        self.fc1 = nn.Linear(d_model, d_ff)
        self.fc2 = nn.Linear(d_ff, d_model)

    def forward(self, x):
        shape = x.shape
        x2 = x.contiguous().view(-1, shape[-1])
        M, D = x2.shape
        h = torch.empty_like(x2)
        ln_kernel[(M,)](x2, self.norm.weight, self.norm.bias, h, D, self.norm.eps,
                        BLOCK_N=triton.next_power_of_2(D))
        u = _linear(h, self.fc1.weight.contiguous(), self.fc1.bias, gelu=True)
        out = _linear(u, self.fc2.weight.contiguous(), self.fc2.bias, residual=x2)
        return out.view(shape)
