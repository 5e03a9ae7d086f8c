"""Family: wrong data on a GPU, right under the interpreter (programmatic dependent launch, two launches back) —
the scale kernel lets the next launch start before its stores (gdc_launch_dependents first); a one-program
relay launched with launch_pdl=True signals its dependents before it waits; the bias kernel, also PDL, waits
only after loading the scaled intermediate. On a GPU the relay may end before the scale kernel, so the bias
kernel can start and read the intermediate unwritten; only the launch right before it was held against it.
Source: own variant of a PDL chain whose middle launch lets the first run on.
Expected: correctness stage, correctness.race (a PDL launch is held against every launch that may still run).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl
from triton.language.extra.cuda import gdc_launch_dependents, gdc_wait

EXPECT = {'task': 'tests/honest/tasks/scale_then_bias.py', 'stage': 'correctness', 'check': 'correctness.race',
          'reason_contains': 'scale_first'}


@triton.jit
def scale_first(x_ptr, scale_ptr, t_ptr, cols, BLOCK: tl.constexpr):
    gdc_launch_dependents()
    row = tl.program_id(0).to(tl.int64)
    offs = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    m = offs < cols
    x = tl.load(x_ptr + row * cols + offs, mask=m, other=0.0)
    tl.store(t_ptr + row * cols + offs, x * tl.load(scale_ptr + offs, mask=m, other=0.0), mask=m)


@triton.jit
def relay(flag_ptr):
    gdc_launch_dependents()
    gdc_wait()
    tl.store(flag_ptr, 1)


@triton.jit
def bias_then_wait(t_ptr, bias_ptr, y_ptr, cols, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    offs = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    m = offs < cols
    t = tl.load(t_ptr + row * cols + offs, mask=m, other=0.0)
    gdc_wait()
    tl.store(y_ptr + row * cols + offs, t * tl.sigmoid(t) + tl.load(bias_ptr + offs, mask=m, other=0.0), mask=m)


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
        flag = torch.empty(1, dtype=torch.int32, device=x.device)
        grid = (rows, triton.cdiv(cols, 128))
        scale_first[grid](x, self.scale, t, cols, BLOCK=128)
        relay[(1,)](flag, launch_pdl=True)
        bias_then_wait[grid](t, self.bias, y, cols, BLOCK=128, launch_pdl=True)
        return y
