"""Honest: PPO's clipped surrogate, one elementwise Triton kernel; the ratio is clipped into [low, high] as
max(min(ratio, high), low), the clip range's two floats passed to the kernel as runtime scalars;
a crossed range (low > high, no clip range at all) raises ValueError."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def ppo_clip_kernel(r_ptr, a_ptr, out_ptr, n, low, high, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    r = tl.load(r_ptr + offs, mask=mask, other=1.0)
    a = tl.load(a_ptr + offs, mask=mask, other=0.0)
    clipped = tl.maximum(tl.minimum(r, high), low)
    tl.store(out_ptr + offs, -tl.minimum(r * a, clipped * a), mask=mask)


class ModelNew(nn.Module):
    def forward(self, ratio, adv, clip_range):
        low, high = clip_range
        if low > high:
            raise ValueError(f"clip range must have low <= high, got {clip_range}")
        ratio = ratio.contiguous()
        adv = adv.contiguous()
        out = torch.empty_like(ratio)
        n = ratio.numel()
        BLOCK = 1024
        ppo_clip_kernel[(triton.cdiv(n, BLOCK),)](ratio, adv, out, n, float(low), float(high), BLOCK=BLOCK)
        return out
