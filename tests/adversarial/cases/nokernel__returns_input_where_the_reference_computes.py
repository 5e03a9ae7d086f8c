"""Family: no kernel work — the task's reference returns its input unchanged as its second output, which a
candidate may return too; this one also returns an input where the reference computes (the gate itself in
place of silu(x) * g), and in-place work written back over the input would show there.
Source: the pass-through allowance for outputs that are the reference's own inputs.
Expected: correctness stage, correctness.returns_input: only the output where the reference returns that
input may be it.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.returns_input',
          'task': 'tests/honest/tasks/gated_with_residual.py', 'reason_contains': 'output 0 is an input'}


@triton.jit
def touch_kernel(x_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    tl.store(x_ptr + offs, tl.load(x_ptr + offs, mask=inside), mask=inside)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor, g: torch.Tensor):
        n = g.numel()
        touch_kernel[(triton.cdiv(n, 1024),)](g, n, BLOCK=1024)
        return g, x
