"""Honest: select with a bool mask input (loaded as tl.int1), tl.where(m, x, y), scalar `other` values in
the loads, one-dimensional grid from a tuple with a trailing comma."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def where_kernel(m_ptr, x_ptr, y_ptr, out_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    m = tl.load(m_ptr + offs, mask=mask, other=0)
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    y = tl.load(y_ptr + offs, mask=mask, other=0.0)
    tl.store(out_ptr + offs, tl.where(m != 0, x, y), mask=mask)


class ModelNew(nn.Module):
    def forward(self, m, x, y):
        out = torch.empty_like(x)
        n = x.numel()
        where_kernel[(triton.cdiv(n, 256),)](m, x, y, out, n, BLOCK=256)
        return out
