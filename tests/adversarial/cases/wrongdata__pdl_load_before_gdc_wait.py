"""Family: wrong data on a GPU, right under the interpreter (programmatic dependent launch) — the second of two
kernels is launched with launch_pdl=True and loads what the first one stores before calling
tl.extra.cuda.gdc_wait(); the first calls gdc_launch_dependents() before its stores. On a GPU the second grid
may start as soon as every program of the first has called it, and reads the intermediate before it is
written; the interpreter runs one launch after the other, so the result is right here.
Source: own construction (the PDL ordering rule of Triton's tutorial 11, broken).
Expected: correctness stage, correctness.race (an access of a PDL launch before gdc_wait() that meets the
launch before it).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'task': 'tests/honest/tasks/scale_then_bias.py', 'stage': 'correctness', 'check': 'correctness.race',
          'reason_contains': 'gdc_wait'}
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
    b = tl.load(bias_ptr + offs, mask=m, other=0.0)
    t = tl.load(t_ptr + row * cols + offs, mask=m, other=0.0)  # what scale_kernel stores, before the wait
    if USE_PDL:
        tl.extra.cuda.gdc_wait()
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
