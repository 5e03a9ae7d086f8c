"""Honest: NeoX-style rotary embedding at a position offset, angles computed in the kernel from inv_freq
(FlashAttention/SGLang-style on-the-fly RoPE), one program per (batch*head, token)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _rope_fwd_kernel(x_ptr, inv_freq_ptr, out_ptr, T, start_pos,
                     stride_bh, stride_t, HALF: tl.constexpr, BLOCK_HALF: tl.constexpr):
    bh = tl.program_id(0)
    t = tl.program_id(1)
    offs = tl.arange(0, BLOCK_HALF)
    mask = offs < HALF
    base = x_ptr + bh * stride_bh + t * stride_t
    x1 = tl.load(base + offs, mask=mask, other=0.0).to(tl.float32)
    x2 = tl.load(base + HALF + offs, mask=mask, other=0.0).to(tl.float32)
    inv_freq = tl.load(inv_freq_ptr + offs, mask=mask, other=0.0)
    pos = (start_pos + t).to(tl.float32)
    ang = pos * inv_freq
    c = tl.cos(ang)
    s = tl.sin(ang)
    obase = out_ptr + bh * stride_bh + t * stride_t
    tl.store(obase + offs, x1 * c - x2 * s, mask=mask)
    tl.store(obase + HALF + offs, x2 * c + x1 * s, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, head_dim: int, max_pos: int, base: float):
        super().__init__()
        self.max_pos = max_pos
        inv_freq = 1.0 / (base ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim))
        self.register_buffer("inv_freq", inv_freq, persistent=False)

    def forward(self, x: torch.Tensor, start_pos: int) -> torch.Tensor:
        B, H, T, D = x.shape
        xc = x.contiguous()
        out = torch.empty_like(xc)
        half = D // 2
        grid = (B * H, T)
        _rope_fwd_kernel[grid](xc, self.inv_freq, out, T, start_pos, T * D, D,
                               HALF=half, BLOCK_HALF=triton.next_power_of_2(half))
        return out
