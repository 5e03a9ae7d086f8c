"""Honest: minGPT CausalSelfAttention ported to Triton, keeping the module's nn.Dropout submodules as minGPT
writes them (attn_pdrop = resid_pdrop = 0.0 in this task) and calling self.resid_dropout on the projection, exactly as
the reference does. A flash kernel never materialises the attention matrix, so attn_dropout is kept only as a holder."""
import math

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def linear_kernel(x_ptr, w_ptr, b_ptr, y_ptr, M, N, K, stride_xm, stride_xk, stride_wn, stride_wk,
                  stride_ym, stride_yn, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr,
                  GROUP_M: tl.constexpr):
    pid = tl.program_id(0)
    num_pid_m = tl.cdiv(M, BLOCK_M)
    num_pid_n = tl.cdiv(N, BLOCK_N)
    num_pid_in_group = GROUP_M * num_pid_n
    group_id = pid // num_pid_in_group
    first_pid_m = group_id * GROUP_M
    group_size_m = min(num_pid_m - first_pid_m, GROUP_M)
    pid_m = first_pid_m + ((pid % num_pid_in_group) % group_size_m)
    pid_n = (pid % num_pid_in_group) // group_size_m
    offs_m = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)
    offs_n = pid_n * BLOCK_N + tl.arange(0, BLOCK_N)
    offs_k = tl.arange(0, BLOCK_K)
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k0 in range(0, K, BLOCK_K):
        kk = k0 + offs_k
        a = tl.load(x_ptr + offs_m[:, None] * stride_xm + kk[None, :] * stride_xk,
                    mask=(offs_m[:, None] < M) & (kk[None, :] < K), other=0.0)
        w = tl.load(w_ptr + offs_n[None, :] * stride_wn + kk[:, None] * stride_wk,
                    mask=(offs_n[None, :] < N) & (kk[:, None] < K), other=0.0)
        acc = tl.dot(a, w, acc)
    bias = tl.load(b_ptr + offs_n, mask=offs_n < N, other=0.0)
    acc += bias[None, :]
    tl.store(y_ptr + offs_m[:, None] * stride_ym + offs_n[None, :] * stride_yn, acc,
             mask=(offs_m[:, None] < M) & (offs_n[None, :] < N))


@triton.jit
def causal_attn_kernel(qkv_ptr, y_ptr, T, C, H, stride_qb, stride_qt, stride_yb, stride_yt, sm_scale,
                       HEAD_DIM: tl.constexpr, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr):
    start_m = tl.program_id(0)
    off_bh = tl.program_id(1)
    b = off_bh // H
    h = off_bh % H
    offs_m = start_m * BLOCK_M + tl.arange(0, BLOCK_M)
    offs_n = tl.arange(0, BLOCK_N)
    offs_d = tl.arange(0, HEAD_DIM)
    base = qkv_ptr + b * stride_qb + h * HEAD_DIM
    q = tl.load(base + offs_m[:, None] * stride_qt + offs_d[None, :], mask=offs_m[:, None] < T, other=0.0)
    m_i = tl.full([BLOCK_M], float("-inf"), tl.float32)
    l_i = tl.zeros([BLOCK_M], dtype=tl.float32)
    acc = tl.zeros([BLOCK_M, HEAD_DIM], dtype=tl.float32)
    qk_scale = sm_scale * 1.4426950408889634
    hi = tl.minimum((start_m + 1) * BLOCK_M, T)
    for start_n in range(0, hi, BLOCK_N):
        cols = start_n + offs_n
        kmask = cols[:, None] < T
        k = tl.load(base + C + cols[:, None] * stride_qt + offs_d[None, :], mask=kmask, other=0.0)
        v = tl.load(base + 2 * C + cols[:, None] * stride_qt + offs_d[None, :], mask=kmask, other=0.0)
        s = tl.dot(q, tl.trans(k)) * qk_scale
        s = tl.where((cols[None, :] <= offs_m[:, None]) & (cols[None, :] < T), s, float("-inf"))
        m_new = tl.maximum(m_i, tl.max(s, 1))
        alpha = tl.exp2(m_i - m_new)
        p = tl.exp2(s - m_new[:, None])
        l_i = l_i * alpha + tl.sum(p, 1)
        acc = acc * alpha[:, None] + tl.dot(p, v)
        m_i = m_new
    out = acc / l_i[:, None]
    tl.store(y_ptr + b * stride_yb + offs_m[:, None] * stride_yt + h * HEAD_DIM + offs_d[None, :], out,
             mask=offs_m[:, None] < T)


def linear(x2d, weight, bias):
    M, K = x2d.shape
    N = weight.shape[0]
    y = torch.empty((M, N), device=x2d.device, dtype=torch.float32)
    BLOCK_M, BLOCK_N, BLOCK_K = 64, 64, 32
    grid = (triton.cdiv(M, BLOCK_M) * triton.cdiv(N, BLOCK_N),)
    linear_kernel[grid](x2d, weight, bias, y, M, N, K, x2d.stride(0), x2d.stride(1), weight.stride(0),
                        weight.stride(1), y.stride(0), y.stride(1), BLOCK_M=BLOCK_M, BLOCK_N=BLOCK_N,
                        BLOCK_K=BLOCK_K, GROUP_M=8, num_warps=4, num_stages=3)
    return y


class ModelNew(nn.Module):
    def __init__(self, n_embd, n_head, attn_pdrop, resid_pdrop, max_seqlen):
        super().__init__()
        assert n_embd % n_head == 0
        head_dim = n_embd // n_head
        assert head_dim in (16, 32, 64, 128), "head dim must be a power of two in [16, 128]"
        self.c_attn = nn.Linear(n_embd, 3 * n_embd)
        self.c_proj = nn.Linear(n_embd, n_embd)
        self.attn_dropout = nn.Dropout(attn_pdrop)
        self.resid_dropout = nn.Dropout(resid_pdrop)
        self.n_head = n_head
        self.n_embd = n_embd

    def forward(self, x):
        B, T, C = x.size()
        qkv = linear(x.reshape(B * T, C), self.c_attn.weight, self.c_attn.bias).view(B, T, 3 * C)
        y = torch.empty((B, T, C), device=x.device, dtype=torch.float32)
        hd = C // self.n_head
        BLOCK_M, BLOCK_N = 32, 32
        grid = (triton.cdiv(T, BLOCK_M), B * self.n_head)
        causal_attn_kernel[grid](qkv, y, T, C, self.n_head, qkv.stride(0), qkv.stride(1), y.stride(0),
                                 y.stride(1), 1.0 / math.sqrt(hd), HEAD_DIM=hd, BLOCK_M=BLOCK_M, BLOCK_N=BLOCK_N,
                                 num_warps=4)
        out = linear(y.view(B * T, C), self.c_proj.weight, self.c_proj.bias)
        return self.resid_dropout(out.view(B, T, C))
