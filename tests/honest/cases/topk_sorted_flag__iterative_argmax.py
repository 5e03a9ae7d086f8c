"""Honest: row-wise top-k values by k rounds of a whole-row max in Triton (one program per row, the row held in
registers, the taken maximum masked to -inf each round); the values come out in descending order, which is
what torch.topk gives for sorted=True and one of the orders it allows for sorted=False."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def topk_rows_kernel(x_ptr, out_ptr, n_cols, k, stride_x, stride_o, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    mask = offs < n_cols
    x = tl.load(x_ptr + row * stride_x + offs, mask=mask, other=float("-inf"))
    for j in range(0, k):
        m = tl.max(x, axis=0)
        first = tl.min(tl.where(x == m, offs, BLOCK), axis=0)
        tl.store(out_ptr + row * stride_o + j, m)
        x = tl.where(offs == first, float("-inf"), x)


class ModelNew(nn.Module):
    def forward(self, x, k, sorted_out):
        if not 0 <= k <= x.shape[-1]:
            raise ValueError("k out of range")
        x2 = x.contiguous().view(-1, x.shape[-1])
        n_rows, n_cols = x2.shape
        out = torch.empty((n_rows, k), dtype=x.dtype, device=x.device)
        if k > 0 and n_rows > 0:
            # descending order satisfies both sorted=True and sorted=False (any order is allowed there)
            topk_rows_kernel[(n_rows,)](x2, out, n_cols, k, x2.stride(0), out.stride(0),
                                        BLOCK=triton.next_power_of_2(n_cols))
        return out.view(*x.shape[:-1], k)
