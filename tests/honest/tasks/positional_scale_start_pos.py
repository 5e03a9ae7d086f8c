"""A position-dependent modulation with a decode offset given to forward.

y[t, c] = x[t, c] * cos((start_pos + t) * f_c), f_c = 10000 ** (-c / cols): the rotary-style angle a
KV-cache decoder computes from `start_pos` (LLaMA's `forward(tokens, start_pos)`), 0 for a fresh prompt.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 64
cols = 512
SHAPES = [dict(rows=5, cols=300), dict(rows=3, cols=1024)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor, start_pos: int) -> torch.Tensor:
        t, c = x.shape
        pos = torch.arange(start_pos, start_pos + t, dtype=torch.float32, device=x.device)[:, None]
        freq = torch.pow(10000.0, -torch.arange(c, dtype=torch.float32, device=x.device) / c)[None, :]
        return x * torch.cos(pos * freq)


def get_inputs():
    return [torch.randn(rows, cols), 0]


def get_init_inputs():
    return []
