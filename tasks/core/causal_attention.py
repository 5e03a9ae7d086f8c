"""Causal scaled-dot-product attention on fp16 heads (the transformer decoder's core).

O = softmax(Q K^T / sqrt(d) + M) V,   M[i, j] = 0 if j <= i else -inf

Shapes: q, k, v are (batch, heads, seq, head_dim) float16; O has the same shape and dtype.
Default: 8 x 32 heads x 4096 tokens x 128 (Llama-2-7B attention at 4k context).
fp32 accumulation of scores and of the output; probabilities may be rounded to fp16
before the P V product (as FlashAttention does). Scores are O(1) so the softmax is soft.
Input families: large_logits and attention_sink. large_logits: every key's first coordinate is 32 and
each query's first coordinate shifts its whole row of scores by +-150..200, which the softmax ignores:
an exp without the running max overflows or underflows, while the probabilities stay those of typical
inputs. attention_sink: the first key is an attention sink (StreamingLLM), its score 0..24 above the
row's typical scores, drawn per query, so rows are peaked within: a kernel that shifts each row by a
score other than its maximum (the diagonal's, known before the key loop) gets exp(s - shift) beyond
fp16's 65504 and overflows where it rounds the probabilities to fp16.
Compute-bound: 4 * batch * heads * seq^2 * head_dim / 2 flops (causal half).
Source: Vaswani et al. 2017; torch.nn.functional.scaled_dot_product_attention(is_causal=True);
FlashAttention (Dao et al. 2022) is the kernel to beat.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

batch = 8
heads = 32
seq = 4096
head_dim = 128

SHAPES = [
    dict(batch=1, heads=2, seq=40, head_dim=32),
    dict(batch=2, heads=1, seq=64, head_dim=16),
]

TOLERANCE = {"float16": {"atol": 2e-3, "rtol": 5e-3, "rel_l2": 2e-3}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        return F.scaled_dot_product_attention(q, k, v, is_causal=True)


def get_inputs():
    shape = (batch, heads, seq, head_dim)
    return [torch.randn(shape).half(), torch.randn(shape).half(), torch.randn(shape).half()]


def get_inputs_large_logits():
    shape = (batch, heads, seq, head_dim)
    q, k, v = torch.randn(shape), torch.randn(shape), torch.randn(shape)
    sign = torch.where(torch.rand(batch, heads, seq) < 0.5, -1.0, 1.0)
    k[..., 0] = 32.0
    q[..., 0] = sign * (150.0 + 50.0 * torch.rand(batch, heads, seq)) * head_dim ** 0.5 / 32.0
    return [q.half(), k.half(), v.half()]


def get_inputs_attention_sink():
    shape = (batch, heads, seq, head_dim)
    q, k, v = torch.randn(shape), torch.randn(shape), torch.randn(shape)
    # the first key (a BOS token) every query attends to: its score lifted by 0..24 over the row's others
    k[..., 0, 0] = 32.0
    q[..., 0] = 24.0 * torch.rand(batch, heads, seq) * head_dim ** 0.5 / 32.0
    return [q.half(), k.half(), v.half()]


INPUT_CASES = {"large_logits": get_inputs_large_logits, "attention_sink": get_inputs_attention_sink}


def get_init_inputs():
    return []


def flops(q, k, v):
    b, h, s, d = q.shape
    return 2.0 * b * h * s * s * d  # QK^T and PV, each 2*s*s*d, halved by the causal mask


def bytes_moved(q, k, v):
    return 4.0 * q.numel() * q.element_size()
