"""Honest: torch.bucketize(x, boundaries) (right=False) for a sorted boundary table given to forward, as a
branchless power-of-two-step lower_bound per element in Triton (the classic GPU searchsorted: for each step
from the largest power of two down, advance while the boundary before the probe is below the value)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def bucketize_pow2_kernel(x_ptr, b_ptr, out_ptr, n_elements, n_bound, BLOCK: tl.constexpr, TOP: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n_elements
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    pos = tl.zeros([BLOCK], dtype=tl.int32)
    step = TOP
    while step > 0:
        probe = pos + step
        ok = probe <= n_bound
        b = tl.load(b_ptr + probe - 1, mask=mask & ok, other=0.0)
        pos = tl.where(ok & (b < x), probe, pos)
        step = step // 2
    tl.store(out_ptr + offs, pos.to(tl.int64), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x, boundaries):
        if boundaries.dim() != 1:
            raise ValueError("1-D boundaries only")
        x = x.contiguous()
        boundaries = boundaries.contiguous()
        out = torch.empty(x.shape, dtype=torch.int64, device=x.device)
        n, nb = x.numel(), boundaries.numel()
        if n:
            BLOCK = 256
            top = triton.next_power_of_2(nb + 1) // 2 if nb else 0
            bucketize_pow2_kernel[(triton.cdiv(n, BLOCK),)](x, boundaries, out, n, nb, BLOCK=BLOCK, TOP=top)
        return out
