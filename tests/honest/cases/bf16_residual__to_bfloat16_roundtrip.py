"""Honest: bf16 rounding with error feedback in one pass: x.to(tl.bfloat16) stored to a bf16 output, widened
back with .to(tl.float32) and subtracted for the fp32 residual; two outputs returned as a tuple."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def bf16_residual_kernel(x_ptr, q_ptr, r_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    q = x.to(tl.bfloat16)
    tl.store(q_ptr + offs, q, mask=mask)
    tl.store(r_ptr + offs, x - q.to(tl.float32), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor):
        x = x.contiguous()
        q = torch.empty_like(x, dtype=torch.bfloat16)
        r = torch.empty_like(x)
        n = x.numel()
        bf16_residual_kernel[(triton.cdiv(n, 1024),)](x, q, r, n, BLOCK=1024)
        return q, r
