"""Honest: the cos/sin tables made by a Triton kernel in __init__, on tensors allocated with device="cuda" (as
LLM-written and many public modules do: the module is built on the GPU), then used by the RoPE kernel in
forward (NeoX half-split layout, one program per (batch, seq, head) row)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def table_kernel(cos_ptr, sin_ptr, half, head_dim, BLOCK: tl.constexpr):
    t = tl.program_id(0)
    i = tl.arange(0, BLOCK)
    m = i < half
    inv = 1.0 / tl.exp2((2.0 * i.to(tl.float32) / head_dim) * 13.287712379549449)  # 10000^(2i/d)
    ang = t.to(tl.float32) * inv
    tl.store(cos_ptr + t * half + i, tl.cos(ang), mask=m)
    tl.store(sin_ptr + t * half + i, tl.sin(ang), mask=m)


@triton.jit
def rope_kernel(x_ptr, cos_ptr, sin_ptr, o_ptr, S, H, half, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    s = (pid // H) % S
    base = pid.to(tl.int64) * 2 * half
    i = tl.arange(0, BLOCK)
    m = i < half
    x1 = tl.load(x_ptr + base + i, mask=m, other=0.0)
    x2 = tl.load(x_ptr + base + half + i, mask=m, other=0.0)
    c = tl.load(cos_ptr + s * half + i, mask=m, other=0.0)
    sn = tl.load(sin_ptr + s * half + i, mask=m, other=0.0)
    tl.store(o_ptr + base + i, x1 * c - x2 * sn, mask=m)
    tl.store(o_ptr + base + half + i, x2 * c + x1 * sn, mask=m)


class ModelNew(nn.Module):
    def __init__(self, head_dim, seq):
        super().__init__()
        half = head_dim // 2
        cos = torch.empty(seq, half, device="cuda")
        sin = torch.empty(seq, half, device="cuda")
        table_kernel[(seq,)](cos, sin, half, head_dim, BLOCK=triton.next_power_of_2(half))
        self.register_buffer("cos", cos, persistent=False)
        self.register_buffer("sin", sin, persistent=False)

    def forward(self, x):
        x = x.contiguous()
        B, S, H, D = x.shape
        out = torch.empty_like(x)
        rope_kernel[(B * S * H,)](x, self.cos, self.sin, out, S, H, D // 2, BLOCK=triton.next_power_of_2(D // 2))
        return out
