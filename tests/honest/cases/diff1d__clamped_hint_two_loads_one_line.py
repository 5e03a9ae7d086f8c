"""Honest: torch.diff with a persistent-tutorial style clamp: out-of-range offsets are replaced by 0 and the offsets
hinted contiguous; the subtraction of the two neighbouring loads is written on the store's line."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def diff_kernel(x_ptr, y_ptr, n_out, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n_out
    offs = tl.where(mask, offs, 0)
    offs = tl.max_contiguous(tl.multiple_of(offs, BLOCK), BLOCK)
    tl.store(y_ptr + offs, tl.load(x_ptr + offs + 1, mask=mask) - tl.load(x_ptr + offs, mask=mask), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        n_out = x.numel() - 1
        y = torch.empty(n_out, device=x.device, dtype=x.dtype)
        BLOCK = 1024
        diff_kernel[(triton.cdiv(n_out, BLOCK),)](x, y, n_out, BLOCK=BLOCK)
        return y
