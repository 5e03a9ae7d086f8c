"""Honest: a whole-tensor norm in two launches, as LLM answers to KernelBench's Frobenius-norm problem write
it: per-block sums of squares into a buffer (each block's in fp32, combined with one tl.sum in the second
kernel), then each program divides its block by the square root."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def block_sum_sq(x_ptr, part_ptr, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs, mask=offs < n, other=0.0)
    tl.store(part_ptr + pid, tl.sum(x * x, axis=0))


@triton.jit
def scale_by_norm(x_ptr, part_ptr, y_ptr, n, n_parts, BLOCK: tl.constexpr, PARTS: tl.constexpr):
    p = tl.arange(0, PARTS)
    total = tl.sum(tl.load(part_ptr + p, mask=p < n_parts, other=0.0), axis=0)
    norm = tl.sqrt_rn(total)
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(y_ptr + offs, tl.load(x_ptr + offs, mask=mask, other=0.0) / norm, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        n = x.numel()
        block = 4096
        n_parts = triton.cdiv(n, block)
        parts = torch.empty(n_parts, device=x.device, dtype=torch.float32)
        y = torch.empty_like(x)
        block_sum_sq[(n_parts,)](x, parts, n, BLOCK=block)
        scale_by_norm[(triton.cdiv(n, 1024),)](x, parts, y, n, n_parts, BLOCK=1024,
                                               PARTS=triton.next_power_of_2(n_parts))
        return y
