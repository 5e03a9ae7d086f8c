"""Family: wrong data — a softmax that works out its block size at the module's first call and keeps it for
every later call, whatever the row width: called first on rows of 300 (a block of 512) and then on rows of
2048, it normalises the first 512 columns of each row and leaves the rest unwritten. One module called on
inputs of many widths (sequence lengths, vocabularies) is how it is used; a judge that builds a fresh
ModelNew for every shape never calls one instance at two widths.
Source: red-team finding (launch configuration cached on the first call); own kernel.
Expected: correctness.mismatch at the second shape: where a shape's constructor arguments and weight shapes
are those the instance was built from, the judge keeps the instance and only loads new weights.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch"}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    x = x - tl.max(x, axis=0)
    num = tl.where(mask, tl.exp(x), 0.0)
    tl.store(y_ptr + row * stride_y + cols, num / tl.sum(num, axis=0), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = 0  # worked out at the first call, then reused: host time saved per call

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        if self.block == 0:
            self.block = triton.next_power_of_2(x.shape[1])
        softmax_kernel[(x.shape[0],)](x, y, x.shape[1], x.stride(0), y.stride(0), BLOCK=self.block)
        return y
