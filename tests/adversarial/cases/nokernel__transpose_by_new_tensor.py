"""Family: no kernel work — `x.new_tensor(x.t())` makes the transposed copy, through the method form of the
same allocation-looking copy.
Source: a known way to game a harness (a copy the op watch classes as an allocation).
Expected: correctness stage, correctness.torch_copy: new_tensor of a tensor is a copy.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.torch_copy', 'task': 'transpose'}


@triton.jit
def touch_kernel(y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    v = tl.load(y_ptr + offs, mask=m)
    tl.store(y_ptr + offs, v, mask=m)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = x.new_tensor(x.t())
        n = y.numel()
        touch_kernel[(triton.cdiv(n, 1024),)](y, n, BLOCK=1024)
        return y
