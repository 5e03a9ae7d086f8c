"""Honest: GPT-J style rotary embedding in place: the even and odd elements loaded with stride 2, rotated, and
stored back contiguously through tl.reshape(tl.join(y0, y1)); each element stored is computed from its own load."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def rope_interleaved_kernel(q_ptr, cos_ptr, sin_ptr, H, HALF: tl.constexpr):
    s = tl.program_id(0)
    h = tl.program_id(1)
    row = q_ptr + (s * H + h) * (2 * HALF)
    i = tl.arange(0, HALF)
    x0 = tl.load(row + 2 * i)
    x1 = tl.load(row + 2 * i + 1)
    c = tl.load(cos_ptr + s * HALF + i)
    sn = tl.load(sin_ptr + s * HALF + i)
    y0 = x0 * c - x1 * sn
    y1 = x1 * c + x0 * sn
    tl.store(row + tl.arange(0, 2 * HALF), tl.reshape(tl.join(y0, y1), [2 * HALF]))


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
        q = x.contiguous().clone()
        S, H, D = q.shape
        rope_interleaved_kernel[(S, H)](q, cos.contiguous(), sin.contiguous(), H, HALF=D // 2, num_warps=1)
        return q
