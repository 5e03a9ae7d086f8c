"""2-D neighborhood attention with a 7x7 window and relative positional bias (NATTEN).

Every query pixel (i, j) attends to the 7x7 keys around it; near the border the window is
shifted inwards (not truncated), so every query always sees exactly 49 keys:
  si = clamp(i - 3, 0, H - 7),  sj = clamp(j - 3, 0, W - 7)
  s[a, b] = (q[i, j] . k[si + a, sj + b]) / sqrt(D) + rpb[si + a - i + 6, sj + b - j + 6]
  o[i, j] = sum_{a, b} softmax(s)[a, b] * v[si + a, sj + b]
per batch and head, with the softmax over the 49 window positions.

Shapes: q, k, v (batch, heads, H, W, D) float16 = (64, 2, 56, 56, 32) (NAT-Tiny stage 1);
the module holds `rpb` (heads, 13, 13) float32; o has q's shape, float16. Scores, softmax
and the weighted sum are computed in fp32 and rounded once. The reference gathers 49x
copies of k and v (about 5 GB in fp32); a kernel reads each key from on-chip memory.
Needs H, W >= 7.
Input families: large_logits (every key's first coordinate is 32 and each query's first
coordinate shifts all its 49 scores by +-150..200, which the softmax ignores: an exp without the
running max overflows or underflows, while the probabilities stay those of typical inputs).
Source: Hassani et al. 2023, "Neighborhood Attention Transformer" (CVPR); NATTEN library.
"""

import torch
import torch.nn as nn

batch = 64
heads = 2
height = 56
width = 56
head_dim = 32
window = 7

SHAPES = [
    dict(batch=1, heads=2, height=7, width=9, head_dim=16),
    dict(batch=1, heads=1, height=9, width=7, head_dim=32),
]

TOLERANCE = {"float16": {"atol": 1e-3, "rtol": 2e-3, "rel_l2": 1e-3}}


class Model(nn.Module):
    def __init__(self, heads: int, window: int):
        super().__init__()
        self.window = window
        self.rpb = nn.Parameter(torch.randn(heads, 2 * window - 1, 2 * window - 1))

    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        kw = self.window
        B, nh, H, W, D = q.shape
        dev = q.device
        ii = torch.arange(H, device=dev)
        jj = torch.arange(W, device=dev)
        win = torch.arange(kw, device=dev)
        idx_i = (ii - kw // 2).clamp(0, H - kw)[:, None] + win[None, :]       # (H, kw)
        idx_j = (jj - kw // 2).clamp(0, W - kw)[:, None] + win[None, :]       # (W, kw)
        kg = k.float()[:, :, idx_i[:, None, :, None], idx_j[None, :, None, :]]  # (B, nh, H, W, kw, kw, D)
        vg = v.float()[:, :, idx_i[:, None, :, None], idx_j[None, :, None, :]]
        s = torch.einsum("bhijd,bhijxyd->bhijxy", q.float(), kg) * D ** -0.5
        ri = idx_i - ii[:, None] + kw - 1
        rj = idx_j - jj[:, None] + kw - 1
        s = s + self.rpb[:, ri[:, None, :, None], rj[None, :, None, :]]      # (nh, H, W, kw, kw)
        p = torch.softmax(s.reshape(B, nh, H, W, kw * kw), dim=-1).reshape(s.shape)
        return torch.einsum("bhijxy,bhijxyd->bhijd", p, vg).to(q.dtype)


def get_inputs():
    shape = (batch, heads, height, width, head_dim)
    return [torch.randn(shape).half(), torch.randn(shape).half(), torch.randn(shape).half()]


def get_inputs_large_logits():
    shape = (batch, heads, height, width, head_dim)
    q, k, v = torch.randn(shape), torch.randn(shape), torch.randn(shape)
    sign = torch.where(torch.rand(shape[:-1]) < 0.5, -1.0, 1.0)
    k[..., 0] = 32.0
    q[..., 0] = sign * (150.0 + 50.0 * torch.rand(shape[:-1])) * head_dim ** 0.5 / 32.0
    return [q.half(), k.half(), v.half()]


INPUT_CASES = {"large_logits": get_inputs_large_logits}


def get_init_inputs():
    return [heads, window]


def flops(q, k, v):
    return 4.0 * q.numel() * window * window


def bytes_moved(q, k, v):
    return 4.0 * q.numel() * q.element_size()
