"""Scaled dot-product attention with an additive float mask of (seq, seq), fp32 (batch, heads, seq, head_dim).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 4
num_heads = 8
seq_len = 128
head_dim = 32


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, q, k, v, attn_mask):
        return torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask)


def get_inputs():
    shape = (batch_size, num_heads, seq_len, head_dim)
    mask = torch.randn(seq_len, seq_len)
    return [torch.randn(shape), torch.randn(shape), torch.randn(shape), mask]


def get_init_inputs():
    return []
