"""Honest: bias + ReLU over a flat index: bias expanded (expand/expand_as views), both operands flattened
with flatten()/contiguous(), one 1-D launch with a column index recovered by modulo."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def fused_add_relu(x_ptr, b_ptr, out_ptr, n, n_cols, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    b = tl.load(b_ptr + offs % n_cols, mask=mask, other=0.0)
    out = x + b
    out = tl.where(out > 0, out, 0.0)
    tl.store(out_ptr + offs, out, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        assert bias.expand_as(x).shape == x.shape and bias.expand(x.shape[0], -1).stride(0) == 0
        xf = x.contiguous().flatten()
        out = torch.empty_like(xf)
        n = xf.numel()
        fused_add_relu[(triton.cdiv(n, 256),)](xf, bias.contiguous(), out, n, x.shape[-1], BLOCK=256)
        return out.view(x.shape)
