"""Scaled dot-product attention with a boolean keep-mask of (seq, seq) (True = attend), fp32.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 4
num_heads = 8
seq_len = 128
head_dim = 64


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, q, k, v, mask):
        return torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=mask)


def get_inputs():
    shape = (batch_size, num_heads, seq_len, head_dim)
    keep = torch.rand(seq_len, seq_len) > 0.3
    keep |= torch.eye(seq_len, dtype=torch.bool)
    return [torch.randn(shape), torch.randn(shape), torch.randn(shape), keep]


def get_init_inputs():
    return []
