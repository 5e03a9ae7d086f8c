"""Honest: GELU times a gain over flat blocks, after `x.contiguous()` (a copy where the input is a slice of a
wider buffer, as most LLM-written kernels make one before indexing it as row-major)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def gelu_gain_flat(x_ptr, g_ptr, y_ptr, n, n_cols, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    g = tl.load(g_ptr + offs % n_cols, mask=mask, other=0.0)
    tl.store(y_ptr + offs, 0.5 * x * (1.0 + tl.erf(x * 0.7071067811865476)) * g, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.gain = nn.Parameter(torch.randn(dim))

    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        gelu_gain_flat[(triton.cdiv(n, 1024),)](x, self.gain, y, n, x.shape[-1], BLOCK=1024)
        return y
