"""vLLM-style rotary embedding (GPT-NeoX half-split layout) with a fused cos/sin cache indexed by positions.
q: (tokens, heads, head_dim) fp16; positions: (tokens,) int64; cache (max_pos, head_dim) fp32 = [cos | sin].

Honest-kernel corpus task (tests/honest): inference engines gather each token's rotation from a precomputed
[cos | sin] buffer by its position id rather than recomputing angles.
"""
import torch
import torch.nn as nn

tokens = 8192
heads = 32
head_dim = 128
max_pos = 4096

SHAPES = [dict(tokens=7, heads=3, head_dim=64, max_pos=50), dict(tokens=16, heads=2, head_dim=128, max_pos=300)]
TOLERANCE = {"float16": {"atol": 2e-3, "rtol": 2e-3, "rel_l2": 1e-3}}


class Model(nn.Module):
    def __init__(self, head_dim: int, max_pos: int):
        super().__init__()
        inv_freq = 1.0 / (10000 ** (torch.arange(0, head_dim, 2).float() / head_dim))
        t = torch.arange(max_pos).float()
        freqs = torch.outer(t, inv_freq)
        self.register_buffer("cos_sin_cache", torch.cat([freqs.cos(), freqs.sin()], dim=-1))

    def forward(self, positions: torch.Tensor, q: torch.Tensor) -> torch.Tensor:
        cs = self.cos_sin_cache[positions]
        half = q.shape[-1] // 2
        cos = cs[:, None, :half]
        sin = cs[:, None, half:]
        qf = q.float()
        x1, x2 = qf[..., :half], qf[..., half:]
        out = torch.cat([x1 * cos - x2 * sin, x2 * cos + x1 * sin], dim=-1)
        return out.to(q.dtype)


def get_inputs():
    return [torch.randint(0, max_pos, (tokens,)), torch.randn(tokens, heads, head_dim).half()]


def get_init_inputs():
    return [head_dim, max_pos]
