"""Honest: suffix cumprod along a middle dim, associative_scan(reverse=True) with a carry."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _mul(a, b):
    return a * b


@triton.jit
def suffix_prod_kernel(x_ptr, y_ptr, L, C, BLOCK_L: tl.constexpr, BLOCK_C: tl.constexpr):
    b = tl.program_id(0).to(tl.int64)
    cols = tl.program_id(1) * BLOCK_C + tl.arange(0, BLOCK_C)
    cmask = cols < C
    carry = tl.full([BLOCK_C], 1.0, tl.float32)
    base = b * L * C
    n_chunks = tl.cdiv(L, BLOCK_L)
    for i in range(0, n_chunks):
        start = (n_chunks - 1 - i) * BLOCK_L
        rows = start + tl.arange(0, BLOCK_L)
        m = (rows[:, None] < L) & cmask[None, :]
        ptrs = base + rows[:, None] * C + cols[None, :]
        x = tl.load(x_ptr + ptrs, mask=m, other=1.0).to(tl.float32)
        s = tl.associative_scan(x, 0, _mul, reverse=True)
        s = s * carry[None, :]
        tl.store(y_ptr + ptrs, s.to(y_ptr.dtype.element_ty), mask=m)
        # the chunk's first row holds the suffix product from here to the end
        carry = tl.sum(tl.where(rows[:, None] == start, s, 0.0), axis=0)


class ModelNew(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        assert self.dim == 1 and x.dim() == 3
        x = x.contiguous()
        B, L, C = x.shape
        y = torch.empty_like(x)
        BLOCK_L, BLOCK_C = 32, 32
        suffix_prod_kernel[(B, triton.cdiv(C, BLOCK_C))](x, y, L, C, BLOCK_L=BLOCK_L, BLOCK_C=BLOCK_C)
        return y
