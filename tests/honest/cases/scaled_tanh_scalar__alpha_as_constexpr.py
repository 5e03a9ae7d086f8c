"""Honest: a float argument of forward passed to the kernel as a `tl.constexpr` (compiled once per value, as
activation kernels with a fixed slope or scale often do); the compile for the GPU target is given the values
the checks used."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def scaled_tanh_kernel(x_ptr, y_ptr, n, ALPHA: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(x_ptr + offs, mask=m, other=0.0)
    e = tl.exp(-2.0 * tl.abs(x))
    t = (1.0 - e) / (1.0 + e)
    t = tl.where(x < 0, -t, t)
    tl.store(y_ptr + offs, t * ALPHA, mask=m)


class ModelNew(nn.Module):
    def forward(self, x, alpha: float):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        scaled_tanh_kernel[(triton.cdiv(n, 1024),)](x, y, n, ALPHA=alpha, BLOCK=1024)
        return y
