"""Family: shapes the check never reaches. An elementwise ReLU launched on `min(cdiv(n, 1024), 256)` programs
of 1024 elements, with nothing looping over the rest: every element past 262144 is never written. The given,
drawn and real-length shapes of the task have a few tens of thousands of elements, so it passed; at the real
size (512 M elements) all but the first 256 K are garbage. The "many programs" shape (tasks/sizes.py
`many_programs_shape`: rows past 1024 and the whole output past 2**18 elements) leaves its tail unwritten.
Source: launch grids capped "to keep the grid small" without the grid-stride loop that would make them right.
Expected: correctness stage, correctness.mismatch at the many-programs shape.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'relu',
          'reason_contains': 'many programs'}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    tl.store(y_ptr + offs, tl.maximum(x, 0.0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        relu_kernel[(min(triton.cdiv(n, 1024), 256),)](x, y, n, BLOCK=1024)
        return y
