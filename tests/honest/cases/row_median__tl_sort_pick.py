"""Honest: row median by tl.sort of the whole row padded to a power of two with +inf (so the padding sorts last),
then picking element (n-1)//2 with a tl.where/tl.sum select."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def median_kernel(x_ptr, out_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + row * stride + cols, mask=cols < n_cols, other=float("inf"))
    s = tl.sort(x, dim=0)
    k = (n_cols - 1) // 2
    med = tl.sum(tl.where(cols == k, s, 0.0), axis=0)
    tl.store(out_ptr + row, med)


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        out = torch.empty(x.shape[0], dtype=x.dtype, device=x.device)
        BLOCK = triton.next_power_of_2(x.shape[1])
        median_kernel[(x.shape[0],)](x, out, x.shape[1], x.stride(0), BLOCK=BLOCK)
        return out
