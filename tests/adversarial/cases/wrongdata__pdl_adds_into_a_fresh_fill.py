"""Family: wrong data on a GPU, right under the interpreter (programmatic dependent launch after a torch op) —
forward zero-fills an accumulator with torch.zeros (a fill kernel of its own on a GPU) and launches the
row-sum-and-scale kernel with launch_pdl=True; the kernel adds its partial results into the accumulator and
never calls gdc_wait(). On a GPU it may start while the fill still runs, and the fill can wipe the sums.
Source: own construction (PDL against a torch op, not a Triton launch).
Expected: correctness stage, correctness.race (a torch op that writes in forward counts as a launch of its own).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'task': 'tests/honest/tasks/scale_then_bias.py', 'stage': 'correctness', 'check': 'correctness.race',
          'reason_contains': 'torch.zeros'}


@triton.jit
def silu_bias_add(x_ptr, scale_ptr, bias_ptr, y_ptr, cols, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    offs = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    m = offs < cols
    t = tl.load(x_ptr + row * cols + offs, mask=m, other=0.0) * tl.load(scale_ptr + offs, mask=m, other=0.0)
    out = t * tl.sigmoid(t) + tl.load(bias_ptr + offs, mask=m, other=0.0)
    tl.atomic_add(y_ptr + row * cols + offs, out, mask=m)


class ModelNew(nn.Module):
    def __init__(self, cols):
        super().__init__()
        self.scale = nn.Parameter(torch.randn(cols))
        self.bias = nn.Parameter(torch.randn(cols))

    def forward(self, x):
        x = x.contiguous()
        rows, cols = x.shape
        y = torch.zeros_like(x)
        silu_bias_add[(rows, triton.cdiv(cols, 128))](x, self.scale, self.bias, y, cols, BLOCK=128, launch_pdl=True)
        return y
