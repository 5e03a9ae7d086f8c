"""Honest: logits divided by a temperature passed as a one-element tensor, read by every program from its
pointer (no recompile for a new temperature)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def temp_kernel(x_ptr, t_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    t = tl.load(t_ptr)
    tl.store(y_ptr + offs, x / t, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, t):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        temp_kernel[(triton.cdiv(n, 256),)](x, t, y, n, BLOCK=256)
        return y
