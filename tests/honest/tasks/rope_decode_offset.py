"""Rotary position embedding (NeoX / Llama half-rotation) of a chunk of queries that starts at position
`start_pos` of the sequence (prefill continuation / decode with a KV cache), cos/sin tables cached from `base`.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch = 2
heads = 4
seq = 16
head_dim = 64
max_pos = 256
base = 10000.0
start_pos = 37
SHAPES = [dict(batch=1, heads=2, seq=5, head_dim=32), dict(batch=2, heads=3, seq=8, head_dim=64)]


class Model(nn.Module):
    def __init__(self, head_dim: int, max_pos: int, base: float):
        super().__init__()
        inv_freq = 1.0 / (base ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim))
        t = torch.arange(max_pos, dtype=torch.float32)
        freqs = torch.outer(t, inv_freq)
        self.register_buffer("cos_cached", freqs.cos(), persistent=False)
        self.register_buffer("sin_cached", freqs.sin(), persistent=False)

    def forward(self, x: torch.Tensor, start_pos: int) -> torch.Tensor:
        T = x.shape[2]
        half = x.shape[-1] // 2
        cos = self.cos_cached[start_pos:start_pos + T]
        sin = self.sin_cached[start_pos:start_pos + T]
        x1, x2 = x[..., :half], x[..., half:]
        return torch.cat([x1 * cos - x2 * sin, x2 * cos + x1 * sin], dim=-1)


def get_inputs():
    return [torch.randn(batch, heads, seq, head_dim), start_pos]


def get_init_inputs():
    return [head_dim, max_pos, base]
