"""Honest: the gated activation in one elementwise kernel, with the inputs made contiguous first (a no-op on
contiguous inputs) and the residual output returned as that same tensor: the input itself, as the reference
returns it."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def silu_gate_kernel(x_ptr, g_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    x = tl.load(x_ptr + offs, mask=inside, other=0.0)
    g = tl.load(g_ptr + offs, mask=inside, other=0.0)
    tl.store(y_ptr + offs, x * tl.sigmoid(x) * g, mask=inside)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor, g: torch.Tensor):
        x, g = x.contiguous(), g.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        silu_gate_kernel[(triton.cdiv(n, 1024),)](x, g, y, n, BLOCK=1024)
        return y, x
