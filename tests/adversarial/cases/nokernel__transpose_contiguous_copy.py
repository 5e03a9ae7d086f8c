"""Family: doing no kernel work — in a data-movement task (out-of-place transpose), the copy done by torch
(`x.t().contiguous()`, the reference's own expression), next to a kernel that only touches the result. In a
compute task a copy is allowed glue; here the copy is the work.
Source: own variant (glue that is the whole task).
Expected: correctness stage, correctness.torch_copy.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.torch_copy', 'task': 'transpose',
          'reason_contains': 'contiguous'}


@triton.jit
def touch_kernel(y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    tl.store(y_ptr + offs, tl.load(y_ptr + offs, mask=m), mask=m)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = x.t().contiguous()
        n = y.numel()
        touch_kernel[(triton.cdiv(n, 1024),)](y, n, BLOCK=1024)
        return y
