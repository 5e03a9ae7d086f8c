"""Honest: bincount with tl.histogram per block (masked lanes excluded through its mask argument) and the
block counts tl.atomic_add'ed into an int32 zeros buffer, converted to int64 with .to() on return;
BINS rounded up to a power of two on the host with triton.next_power_of_2."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def bincount_kernel(x_ptr, counts_ptr, n_elements, n_bins, BLOCK_SIZE: tl.constexpr, BINS: tl.constexpr):
    offs = tl.program_id(0) * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offs < n_elements
    values = tl.load(x_ptr + offs, mask=mask, other=0).to(tl.int32)
    hist = tl.histogram(values, BINS, mask=mask)
    bins = tl.arange(0, BINS)
    tl.atomic_add(counts_ptr + bins, hist, mask=bins < n_bins)


class ModelNew(nn.Module):
    def __init__(self, bins: int):
        super().__init__()
        self.bins = bins

    def forward(self, x):
        n = x.numel()
        counts = torch.zeros(self.bins, device=x.device, dtype=torch.int32)
        BLOCK_SIZE = 512
        bincount_kernel[(triton.cdiv(n, BLOCK_SIZE),)](x, counts, n, self.bins, BLOCK_SIZE=BLOCK_SIZE,
                                                       BINS=triton.next_power_of_2(self.bins))
        return counts.to(torch.int64)
