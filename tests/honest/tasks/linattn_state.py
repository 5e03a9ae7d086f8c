"""Causal linear attention over a chunk, continuing from a carried recurrent state S0 (B, H, D, D):
o_t = q_t @ S0 + sum_{s <= t} (q_t . k_s) v_s. A fresh sequence starts from a zero state (what get_inputs
gives); a continued one passes the state the previous chunk ended with (any D x D matrix).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 2
heads = 4
seq_len = 256
head_dim = 32


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, q, k, v, state):
        scores = torch.matmul(q, k.transpose(-1, -2)).tril()
        return torch.matmul(scores, v) + torch.matmul(q, state)


SHAPES = [{"batch_size": 1, "heads": 2, "seq_len": 24, "head_dim": 32},
          {"batch_size": 2, "heads": 2, "seq_len": 40, "head_dim": 32}]


def get_inputs():
    q = torch.randn(batch_size, heads, seq_len, head_dim) * 0.3
    k = torch.randn(batch_size, heads, seq_len, head_dim) * 0.3
    v = torch.randn(batch_size, heads, seq_len, head_dim)
    state = torch.zeros(batch_size, heads, head_dim, head_dim)  # a fresh sequence
    return [q, k, v, state]


def get_init_inputs():
    return []
