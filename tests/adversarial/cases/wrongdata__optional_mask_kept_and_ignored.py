"""Family: wrong data (an optional forward argument never applied)
Source: an LLM that keeps the reference's signature `forward(self, x, mask=None)` but writes the kernel only for
        the path get_inputs takes
Expected: correctness.mismatch: the task's inputs pass a mask

Single-head attention with q/k/v projections whose forward accepts the reference's optional `mask` and never
applies it (get_inputs never passes one, so the judge never calls forward with a mask).
"""
import math
import torch
import torch.nn as nn
import triton
import triton.language as tl


EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/qkv_separate_attention.py"}

@triton.jit
def proj_kernel(x_ptr, w_ptr, y_ptr, M, N, K, BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    rm = tl.program_id(0) * BM + tl.arange(0, BM)
    rn = tl.program_id(1) * BN + tl.arange(0, BN)
    acc = tl.zeros((BM, BN), dtype=tl.float32)
    for k0 in range(0, K, BK):
        rk = k0 + tl.arange(0, BK)
        a = tl.load(x_ptr + rm[:, None] * K + rk[None, :], mask=(rm[:, None] < M) & (rk[None, :] < K), other=0.0)
        w = tl.load(w_ptr + rn[None, :] * K + rk[:, None], mask=(rk[:, None] < K) & (rn[None, :] < N), other=0.0)
        acc += tl.dot(a, w, input_precision="ieee")
    tl.store(y_ptr + rm[:, None] * N + rn[None, :], acc, mask=(rm[:, None] < M) & (rn[None, :] < N))


@triton.jit
def attn_rows_kernel(q_ptr, k_ptr, v_ptr, o_ptr, S, D, scale, BQ: tl.constexpr, BS: tl.constexpr,
                     BD: tl.constexpr):
    rq = tl.program_id(0) * BQ + tl.arange(0, BQ)
    b = tl.program_id(1)
    rd = tl.arange(0, BD)
    dmask = rd[None, :] < D
    base = b * S * D
    q = tl.load(q_ptr + base + rq[:, None] * D + rd[None, :], mask=(rq[:, None] < S) & dmask, other=0.0)
    m_i = tl.full((BQ,), float("-inf"), tl.float32)
    l_i = tl.zeros((BQ,), tl.float32)
    acc = tl.zeros((BQ, BD), tl.float32)
    for s0 in range(0, S, BS):
        rs = s0 + tl.arange(0, BS)
        kv_mask = (rs[:, None] < S) & dmask
        k = tl.load(k_ptr + base + rs[:, None] * D + rd[None, :], mask=kv_mask, other=0.0)
        v = tl.load(v_ptr + base + rs[:, None] * D + rd[None, :], mask=kv_mask, other=0.0)
        s = tl.dot(q, tl.trans(k), input_precision="ieee") * scale
        s = tl.where(rs[None, :] < S, s, float("-inf"))
        m_new = tl.maximum(m_i, tl.max(s, axis=1))
        p = tl.exp(s - m_new[:, None])
        alpha = tl.exp(m_i - m_new)
        l_i = l_i * alpha + tl.sum(p, axis=1)
        acc = acc * alpha[:, None] + tl.dot(p, v, input_precision="ieee")
        m_i = m_new
    tl.store(o_ptr + base + rq[:, None] * D + rd[None, :], acc / l_i[:, None], mask=(rq[:, None] < S) & dmask)


class ModelNew(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.q_proj = nn.Linear(d, d, bias=False)
        self.k_proj = nn.Linear(d, d, bias=False)
        self.v_proj = nn.Linear(d, d, bias=False)

    def _proj(self, x2, w):
        M, K = x2.shape
        N = w.shape[0]
        y = torch.empty((M, N), device=x2.device, dtype=x2.dtype)
        proj_kernel[(triton.cdiv(M, 16), triton.cdiv(N, 16))](x2, w, y, M, N, K, BM=16, BN=16, BK=16)
        return y

    def forward(self, x, mask=None):
        B, S, D = x.shape
        x2 = x.reshape(B * S, D).contiguous()
        q = self._proj(x2, self.q_proj.weight)
        k = self._proj(x2, self.k_proj.weight)
        v = self._proj(x2, self.v_proj.weight)
        out = torch.empty((B, S, D), device=x.device, dtype=x.dtype)
        BD = max(16, triton.next_power_of_2(D))
        attn_rows_kernel[(triton.cdiv(S, 16), B)](q, k, v, out, S, D, 1.0 / math.sqrt(D), BQ=16, BS=16, BD=BD)
        return out
