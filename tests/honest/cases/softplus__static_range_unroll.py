"""Honest: softplus where each program handles UNROLL consecutive blocks in a tl.static_range loop
(unrolled at compile time), the threshold of PyTorch's softplus through tl.where, and triton.cdiv of the
per-program span in host code."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def softplus_unrolled_kernel(x_ptr, y_ptr, n_elements, BLOCK: tl.constexpr, UNROLL: tl.constexpr):
    base = tl.program_id(0) * (BLOCK * UNROLL)
    for i in tl.static_range(UNROLL):
        offs = base + i * BLOCK + tl.arange(0, BLOCK)
        mask = offs < n_elements
        x = tl.load(x_ptr + offs, mask=mask, other=0.0)
        soft = tl.log(1.0 + tl.exp(tl.minimum(x, 20.0)))
        y = tl.where(x > 20.0, x, soft)
        tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    BLOCK = 128
    UNROLL = 4

    def forward(self, x):
        y = torch.empty(x.shape, device=x.device, dtype=x.dtype)
        n = x.numel()
        grid = (triton.cdiv(n, self.BLOCK * self.UNROLL),)
        softplus_unrolled_kernel[grid](x, y, n, BLOCK=self.BLOCK, UNROLL=self.UNROLL)
        return y
