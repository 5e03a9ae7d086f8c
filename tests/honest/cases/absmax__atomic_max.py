"""Honest: a global amax: each program reduces its block with tl.max(tl.abs(...)) and tl.atomic_max's it into
a one-element zeros buffer (|x| >= 0, so zero is the identity), the 0-d result taken with .squeeze(0)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def absmax_kernel(x_ptr, amax_ptr, n_elements, BLOCK_SIZE: tl.constexpr):
    offs = tl.program_id(0) * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    x = tl.load(x_ptr + offs, mask=offs < n_elements, other=0.0)
    block_max = tl.max(tl.abs(x), axis=0)
    tl.atomic_max(amax_ptr, block_max)


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        n = x.numel()
        amax = torch.zeros(1, device=x.device, dtype=torch.float32)
        BLOCK_SIZE = 1024
        absmax_kernel[(triton.cdiv(n, BLOCK_SIZE),)](x, amax, n, BLOCK_SIZE=BLOCK_SIZE)
        return amax.squeeze(0)
