"""Attention-layer KV cache write at a given position (decode step): the module's cache buffers are
written in place at `pos` and the updated caches are returned, as inference code does with static caches.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

B = 4
H = 8
S = 256
D = 64
SHAPES = [dict(B=2, H=2, S=16, D=32), dict(B=3, H=4, S=40, D=64)]


class Model(nn.Module):
    def __init__(self, b, h, s, d):
        super().__init__()
        self.register_buffer("k_cache", torch.zeros(b, h, s, d))
        self.register_buffer("v_cache", torch.zeros(b, h, s, d))

    def forward(self, k, v, pos):
        # k, v: (B, H, 1, D); pos: (1,) int64
        self.k_cache.index_copy_(2, pos, k)
        self.v_cache.index_copy_(2, pos, v)
        return self.k_cache * 1.0, self.v_cache * 1.0


def get_inputs():
    return [torch.randn(B, H, 1, D), torch.randn(B, H, 1, D), torch.randint(0, S, (1,))]


def get_init_inputs():
    return [B, H, S, D]
