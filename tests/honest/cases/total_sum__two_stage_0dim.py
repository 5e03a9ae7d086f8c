"""Honest: a full reduction to a 0-dim tensor in two launches (partial sums per block into a buffer, then
one program reduces the partials), output allocated with torch.empty((), ...)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def partial_sum_kernel(x_ptr, part_ptr, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs, mask=offs < n, other=0.0)
    tl.store(part_ptr + pid, tl.sum(x, axis=0))


@triton.jit
def final_sum_kernel(part_ptr, out_ptr, n_parts, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    p = tl.load(part_ptr + offs, mask=offs < n_parts, other=0.0)
    tl.store(out_ptr, tl.sum(p, axis=0))


class ModelNew(nn.Module):
    def forward(self, x):
        n = x.numel()
        BLOCK = 1024
        n_parts = triton.cdiv(n, BLOCK)
        parts = torch.empty(n_parts, device=x.device, dtype=torch.float32)
        out = torch.empty((), device=x.device, dtype=torch.float32)
        partial_sum_kernel[(n_parts,)](x, parts, n, BLOCK=BLOCK)
        final_sum_kernel[(1,)](parts, out, n_parts, BLOCK=triton.next_power_of_2(n_parts))
        return out
