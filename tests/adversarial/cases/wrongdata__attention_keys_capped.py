"""Family: wrong data — causal attention that stops reading keys at a fixed position. The flash-style loop over
key blocks ends at min(the diagonal, 128), so a query past position 128 attends to the first 128 keys only.
The task's SHAPES (seq 40 and 64) and every unseen sequence drawn between them are shorter than that; a long
sequence is not.
Source: a known way to game a harness (range-broken kernels: a loop bound that covers every size shown).
Expected: correctness.mismatch on the long-sequence shape a CPU evaluation adds with batch and heads at 1
("long length: seq=2048 (real 4096)": the real length is beyond the interpreter's time, half of it is not).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "causal_attention", "timeout_s": 60}


@triton.jit
def attention_first_keys(q_ptr, k_ptr, v_ptr, o_ptr, S, D, scale,
                         BM: tl.constexpr, BN: tl.constexpr, BD: tl.constexpr):
    head = tl.program_id(1).to(tl.int64)
    rm = tl.program_id(0) * BM + tl.arange(0, BM)
    rn = tl.arange(0, BN)
    rd = tl.arange(0, BD)
    base = head * S * D
    dmask = rd[None, :] < D
    q = tl.load(q_ptr + base + rm[:, None] * D + rd[None, :], mask=(rm[:, None] < S) & dmask, other=0.0)
    m_i = tl.full([BM], -1e30, tl.float32)
    l_i = tl.zeros([BM], tl.float32)
    acc = tl.zeros([BM, BD], tl.float32)
    end = tl.minimum(tl.minimum((tl.program_id(0) + 1) * BM, S), 128)  # never past key 127
    for n0 in range(0, end, BN):
        cols = n0 + rn
        kmask = (cols[:, None] < S) & dmask
        k = tl.load(k_ptr + base + cols[:, None] * D + rd[None, :], mask=kmask, other=0.0)
        s = tl.dot(q, tl.trans(k)) * scale
        s = tl.where((cols[None, :] <= rm[:, None]) & (cols[None, :] < S), s, -1e30)
        m_new = tl.maximum(m_i, tl.max(s, axis=1))
        p = tl.exp(s - m_new[:, None])
        alpha = tl.exp(m_i - m_new)
        l_i = l_i * alpha + tl.sum(p, axis=1)
        v = tl.load(v_ptr + base + cols[:, None] * D + rd[None, :], mask=kmask, other=0.0)
        acc = acc * alpha[:, None] + tl.dot(p.to(v.dtype), v)
        m_i = m_new
    tl.store(o_ptr + base + rm[:, None] * D + rd[None, :], (acc / l_i[:, None]).to(o_ptr.dtype.element_ty),
             mask=(rm[:, None] < S) & dmask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        q, k, v = q.contiguous(), k.contiguous(), v.contiguous()
        b, h, s, d = q.shape
        o = torch.empty_like(q)
        BM, BN = 64, 64
        grid = (triton.cdiv(s, BM), b * h)
        attention_first_keys[grid](q, k, v, o, s, d, 1.0 / d ** 0.5, BM=BM, BN=BN,
                                   BD=max(16, triton.next_power_of_2(d)))
        return o
