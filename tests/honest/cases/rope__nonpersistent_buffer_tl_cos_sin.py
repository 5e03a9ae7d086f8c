"""Honest: rotary embedding with the inverse frequencies registered as the reference does (a non-persistent
buffer made in __init__), angles computed in the kernel (position * inv_freq) and rotated with tl.cos/tl.sin;
the two halves of each row loaded separately, one program per (batch, position)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def rope_kernel(x_ptr, inv_freq_ptr, y_ptr, seq, half, stride_b, stride_s, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    b = pid // seq
    s = pid % seq
    offs = tl.arange(0, BLOCK)
    mask = offs < half
    row = x_ptr + b * stride_b + s * stride_s
    out = y_ptr + b * stride_b + s * stride_s
    x1 = tl.load(row + offs, mask=mask, other=0.0)
    x2 = tl.load(row + half + offs, mask=mask, other=0.0)
    theta = s.to(tl.float32) * tl.load(inv_freq_ptr + offs, mask=mask, other=0.0)
    c = tl.cos(theta)
    sn = tl.sin(theta)
    tl.store(out + offs, x1 * c - x2 * sn, mask=mask)
    tl.store(out + half + offs, x2 * c + x1 * sn, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, dim: int, base: float):
        super().__init__()
        inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.float32) / dim))
        self.register_buffer("inv_freq", inv_freq, persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        B, S, D = x.shape
        y = torch.empty_like(x)
        half = D // 2
        rope_kernel[(B * S,)](x, self.inv_freq, y, S, half, x.stride(0), x.stride(1),
                              BLOCK=triton.next_power_of_2(half))
        return y
