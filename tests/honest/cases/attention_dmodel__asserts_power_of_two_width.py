"""Honest: attention in the style of Triton's fused-attention tutorial: the feature width is the block's
exact width (`tl.arange(0, HEAD_DIM)`, no mask on it), so the host code asserts it is one of the widths the
kernel supports, {16, 32, 64, 128, 256}, as the tutorial does; the sequence is masked. The task gives the width
only as powers of two (32, 64, and 128 at its real size): at a drawn odd width the kernel declines, and is
checked at a drawn shape whose width stays a power of two."""

import math

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _attn_fwd(q_ptr, k_ptr, v_ptr, o_ptr, seq, scale, HEAD_DIM: tl.constexpr, BLOCK_M: tl.constexpr,
              BLOCK_N: tl.constexpr):
    start_m = tl.program_id(0)
    b = tl.program_id(1)
    base = b * seq * HEAD_DIM
    offs_m = start_m * BLOCK_M + tl.arange(0, BLOCK_M)
    offs_d = tl.arange(0, HEAD_DIM)
    q = tl.load(q_ptr + base + offs_m[:, None] * HEAD_DIM + offs_d[None, :], mask=offs_m[:, None] < seq, other=0.0)
    m_i = tl.full([BLOCK_M], float("-inf"), tl.float32)
    l_i = tl.zeros([BLOCK_M], tl.float32)
    acc = tl.zeros([BLOCK_M, HEAD_DIM], tl.float32)
    for start_n in range(0, seq, BLOCK_N):
        offs_n = start_n + tl.arange(0, BLOCK_N)
        kv_mask = offs_n[:, None] < seq
        k = tl.load(k_ptr + base + offs_n[:, None] * HEAD_DIM + offs_d[None, :], mask=kv_mask, other=0.0)
        qk = tl.dot(q, tl.trans(k), input_precision="ieee") * scale
        qk = tl.where(offs_n[None, :] < seq, qk, float("-inf"))
        m_new = tl.maximum(m_i, tl.max(qk, 1))
        p = tl.exp(qk - m_new[:, None])
        alpha = tl.exp(m_i - m_new)
        l_i = l_i * alpha + tl.sum(p, 1)
        v = tl.load(v_ptr + base + offs_n[:, None] * HEAD_DIM + offs_d[None, :], mask=kv_mask, other=0.0)
        acc = acc * alpha[:, None] + tl.dot(p, v, input_precision="ieee")
        m_i = m_new
    acc = acc / l_i[:, None]
    tl.store(o_ptr + base + offs_m[:, None] * HEAD_DIM + offs_d[None, :], acc, mask=offs_m[:, None] < seq)


class ModelNew(nn.Module):
    def forward(self, q, k, v):
        batch, seq, head_dim = q.shape
        assert head_dim in {16, 32, 64, 128, 256}, f"head dimension {head_dim} is not supported"
        q, k, v = q.contiguous(), k.contiguous(), v.contiguous()
        o = torch.empty_like(q)
        grid = (triton.cdiv(seq, 32), batch)
        _attn_fwd[grid](q, k, v, o, seq, 1.0 / math.sqrt(head_dim), HEAD_DIM=head_dim, BLOCK_M=32, BLOCK_N=32)
        return o
