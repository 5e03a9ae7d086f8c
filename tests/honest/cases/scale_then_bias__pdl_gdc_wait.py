"""Honest: programmatic dependent launch as Triton's tutorial 11 and recent inference kernels write it: the
second kernel is launched with launch_pdl=True, loads what the first kernel never writes (its bias) before
tl.extra.cuda.gdc_wait(), and what the first kernel stored only after it; the first kernel calls
gdc_launch_dependents() once its loads are issued. Both calls sit behind a USE_PDL constexpr."""
import torch
import torch.nn as nn
import triton
import triton.language as tl
from triton.language.extra.cuda import gdc_launch_dependents


@triton.jit
def scale_kernel(x_ptr, scale_ptr, t_ptr, cols, BLOCK: tl.constexpr, USE_PDL: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    offs = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    m = offs < cols
    x = tl.load(x_ptr + row * cols + offs, mask=m, other=0.0)
    s = tl.load(scale_ptr + offs, mask=m, other=0.0)
    if USE_PDL:
        gdc_launch_dependents()
    tl.store(t_ptr + row * cols + offs, x * s, mask=m)


@triton.jit
def bias_silu_kernel(t_ptr, bias_ptr, y_ptr, cols, BLOCK: tl.constexpr, USE_PDL: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    offs = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    m = offs < cols
    b = tl.load(bias_ptr + offs, mask=m, other=0.0)  # a parameter: the kernel before does not write it
    if USE_PDL:
        tl.extra.cuda.gdc_wait()
    t = tl.load(t_ptr + row * cols + offs, mask=m, other=0.0)
    tl.store(y_ptr + row * cols + offs, t * tl.sigmoid(t) + b, mask=m)


class ModelNew(nn.Module):
    def __init__(self, cols):
        super().__init__()
        self.scale = nn.Parameter(torch.randn(cols))
        self.bias = nn.Parameter(torch.randn(cols))

    def forward(self, x):
        x = x.contiguous()
        rows, cols = x.shape
        t = torch.empty_like(x)
        y = torch.empty_like(x)
        grid = (rows, triton.cdiv(cols, 256))
        scale_kernel[grid](x, self.scale, t, cols, BLOCK=256, USE_PDL=True)
        bias_silu_kernel[grid](t, self.bias, y, cols, BLOCK=256, USE_PDL=True, launch_pdl=True)
        return y
