"""Honest: amax with integer bit tricks: |x| by clearing the sign bit of x.to(tl.int32, bitcast=True), the
block maximum taken on those bits (for non-negative floats the int order is the float order), an int32
tl.atomic_max into a zeros buffer, and the bits read back as fp32 with .view(torch.float32); launch settings
from a host function under functools.lru_cache."""

import functools

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def absmax_bits_kernel(x_ptr, amax_bits_ptr, n_elements, BLOCK_SIZE: tl.constexpr):
    offs = tl.program_id(0) * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    x = tl.load(x_ptr + offs, mask=offs < n_elements, other=0.0)
    bits = x.to(tl.int32, bitcast=True) & 0x7FFFFFFF
    tl.atomic_max(amax_bits_ptr, tl.max(bits, axis=0))


@functools.lru_cache(maxsize=None)
def launch_settings(n_elements: int):
    block = 2048 if n_elements >= 1 << 16 else 512
    return block, triton.cdiv(n_elements, block)


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        n = x.numel()
        block, n_blocks = launch_settings(n)
        amax_bits = torch.zeros(1, device=x.device, dtype=torch.int32)
        absmax_bits_kernel[(n_blocks,)](x, amax_bits, n, BLOCK_SIZE=block)
        return amax_bits.view(torch.float32).reshape(())
