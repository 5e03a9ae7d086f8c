"""Honest: per-channel affine with tl.fma, a launch that passes every argument by keyword, @torch.no_grad()
as a decorator on forward, x.new_empty for the output and out.view_as(x) on return; the parameters keep the
reference's names."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def channel_affine_kernel(x_ptr, scale_ptr, shift_ptr, out_ptr, n_elements, hw, channels,
                          BLOCK_SIZE: tl.constexpr):
    offs = tl.program_id(0) * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offs < n_elements
    c = (offs // hw) % channels
    x = tl.load(x_ptr + offs, mask=mask)
    s = tl.load(scale_ptr + c, mask=mask)
    b = tl.load(shift_ptr + c, mask=mask)
    tl.store(out_ptr + offs, tl.fma(x, s, b), mask=mask)


class ModelNew(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(channels))
        self.shift = nn.Parameter(torch.zeros(channels))

    @torch.no_grad()
    def forward(self, x):
        x = x.contiguous()
        n, c, h, w = x.shape
        out = x.new_empty(x.numel())
        BLOCK_SIZE = 256
        channel_affine_kernel[(triton.cdiv(out.numel(), BLOCK_SIZE),)](
            x_ptr=x, scale_ptr=self.scale, shift_ptr=self.shift, out_ptr=out, n_elements=out.numel(), hw=h * w,
            channels=c, BLOCK_SIZE=BLOCK_SIZE, num_warps=4)
        return out.view_as(x)
