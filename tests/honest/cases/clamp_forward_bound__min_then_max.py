"""Honest: a clamp to [-alpha, alpha] applied as min with alpha, then max with -alpha, alpha passed to the kernel
as a runtime float (at crossed bounds it would give -alpha where torch.clamp gives alpha)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def k(x_ptr, y_ptr, n, alpha, BLOCK: tl.constexpr):
    o = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = o < n
    x = tl.load(x_ptr + o, mask=m)
    tl.store(y_ptr + o, tl.maximum(tl.minimum(x, alpha), -alpha), mask=m)


class ModelNew(nn.Module):
    def forward(self, x, alpha: float):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        k[(triton.cdiv(n, 1024),)](x, y, n, alpha, BLOCK=1024)
        return y
