"""Honest: SDPA with a bool keep-mask, zero rows where nothing is kept (as torch)."""
import math
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def attn_keep_mask_fwd(q_ptr, k_ptr, v_ptr, m_ptr, o_ptr, scale, S,
                       D: tl.constexpr, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr):
    pid_m = tl.program_id(0)
    bh = tl.program_id(1).to(tl.int64)
    base = bh * S * D
    rm = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)
    rd = tl.arange(0, D)
    q = tl.load(q_ptr + base + rm[:, None] * D + rd[None, :], mask=rm[:, None] < S, other=0.0)
    m_i = tl.full([BLOCK_M], float("-inf"), tl.float32)
    l_i = tl.zeros([BLOCK_M], tl.float32)
    acc = tl.zeros([BLOCK_M, D], tl.float32)
    for n0 in range(0, S, BLOCK_N):
        rn = n0 + tl.arange(0, BLOCK_N)
        k = tl.load(k_ptr + base + rn[:, None] * D + rd[None, :], mask=rn[:, None] < S, other=0.0)
        s = tl.dot(q, tl.trans(k), input_precision="ieee") * scale
        keep = tl.load(m_ptr + rm[:, None] * S + rn[None, :], mask=(rm[:, None] < S) & (rn[None, :] < S), other=0)
        s = tl.where((keep != 0) & (rn[None, :] < S), s, float("-inf"))
        m_new = tl.maximum(m_i, tl.max(s, axis=1))
        # rows with nothing kept so far: keep the exponent finite
        m_safe = tl.where(m_new == float("-inf"), 0.0, m_new)
        alpha = tl.exp(m_i - m_safe)
        p = tl.exp(s - m_safe[:, None])
        l_i = l_i * alpha + tl.sum(p, axis=1)
        v = tl.load(v_ptr + base + rn[:, None] * D + rd[None, :], mask=rn[:, None] < S, other=0.0)
        acc = acc * alpha[:, None] + tl.dot(p, v, input_precision="ieee")
        m_i = m_new
    # a row with no key kept gives zeros, as torch's SDPA does
    out = tl.where(l_i[:, None] > 0, acc / l_i[:, None], 0.0)
    tl.store(o_ptr + base + rm[:, None] * D + rd[None, :], out, mask=rm[:, None] < S)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, q, k, v, mask):
        q, k, v = q.contiguous(), k.contiguous(), v.contiguous()
        mask = mask.contiguous()
        B, H, S, D = q.shape
        o = torch.empty_like(q)
        BM, BN = 32, 32
        attn_keep_mask_fwd[(triton.cdiv(S, BM), B * H)](q, k, v, mask, o, 1.0 / math.sqrt(D), S,
                                                          D=D, BLOCK_M=BM, BLOCK_N=BN)
        return o
