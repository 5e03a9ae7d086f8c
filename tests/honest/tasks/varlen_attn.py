"""Variable-length (packed) causal attention, flash-attn varlen layout: q, k, v of shape
(total_tokens, heads, head_dim) fp32 and cu_seqlens (batch + 1,) int32 cumulative sequence starts; each
sequence attends causally within itself.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 4
max_len = 48
heads = 2
head_dim = 32
SHAPES = [dict(batch=3, max_len=20, heads=2, head_dim=32), dict(batch=5, max_len=33, heads=1, head_dim=16)]


class Model(nn.Module):
    def forward(self, q, k, v, cu_seqlens):
        out = torch.empty_like(q)
        starts = cu_seqlens.tolist()
        for b in range(len(starts) - 1):
            s, e = starts[b], starts[b + 1]
            if e <= s:
                continue
            qb, kb, vb = q[s:e].transpose(0, 1), k[s:e].transpose(0, 1), v[s:e].transpose(0, 1)
            att = (qb @ kb.transpose(-1, -2)) * qb.shape[-1] ** -0.5
            n = e - s
            mask = torch.ones(n, n, dtype=torch.bool).tril()
            att = att.masked_fill(~mask, float("-inf")).softmax(-1)
            out[s:e] = (att @ vb).transpose(0, 1)
        return out


def get_inputs():
    lens = torch.randint(1, max_len + 1, (batch,))
    cu = torch.zeros(batch + 1, dtype=torch.int32)
    cu[1:] = torch.cumsum(lens, 0).to(torch.int32)
    total = int(cu[-1])
    return [torch.randn(total, heads, head_dim), torch.randn(total, heads, head_dim),
            torch.randn(total, heads, head_dim), cu]


def get_init_inputs():
    return []
