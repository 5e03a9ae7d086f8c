"""Honest: exact GELU with tl.math.erf, forward marked @torch.compiler.disable (public kernels keep
torch.compile from tracing into a Triton launch this way), the output shaped back with view_as."""

import math

import torch
import torch.nn as nn
import triton
import triton.language as tl

INV_SQRT2 = tl.constexpr(1.0 / math.sqrt(2.0))


@triton.jit
def gelu_erf_kernel(x_ptr, y_ptr, n_elements, BLOCK_SIZE: tl.constexpr):
    offs = tl.program_id(0) * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offs < n_elements
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    y = 0.5 * x * (1.0 + tl.math.erf(x * INV_SQRT2))
    tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    @torch.compiler.disable
    def forward(self, x):
        flat = x.contiguous().view(-1)
        out = torch.empty_like(flat)
        n = flat.numel()
        gelu_erf_kernel[(triton.cdiv(n, 512),)](flat, out, n, BLOCK_SIZE=512)
        return out.view_as(x)
