"""Causal scaled dot-product attention, fp16 q/k/v of shape (batch, heads, seq, head_dim).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 2
heads = 2
seq = 96
head_dim = 32
SHAPES = [dict(batch=1, heads=2, seq=40, head_dim=32), dict(batch=2, heads=1, seq=64, head_dim=32)]
TOLERANCE = {"float16": {"atol": 2e-2, "rtol": 2e-2, "rel_l2": 5e-3}}


class Model(nn.Module):
    def forward(self, q, k, v):
        s = q.shape[-1] ** -0.5
        att = (q.float() @ k.float().transpose(-1, -2)) * s
        n = q.shape[-2]
        mask = torch.ones(n, n, dtype=torch.bool).tril()
        att = att.masked_fill(~mask, float("-inf"))
        return (att.softmax(-1) @ v.float()).half()


def get_inputs():
    return [torch.randn(batch, heads, seq, head_dim).half() for _ in range(3)]


def get_init_inputs():
    return []
