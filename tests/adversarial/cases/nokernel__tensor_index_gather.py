"""Family: doing no kernel work — the embedding lookup done by torch's advanced indexing (`self.weight[ids]`),
which reads like a view in Python, next to a kernel that only touches the result.
Source: own variant (torch glue that is really a gather).
Expected: correctness stage, correctness.torch_compute (indexing with a tensor is a gather: compute).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.torch_compute', 'task': 'embedding',
          'reason_contains': 'getitem'}


@triton.jit
def touch_kernel(y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    tl.store(y_ptr + offs, tl.load(y_ptr + offs, mask=m), mask=m)


class ModelNew(nn.Module):
    def __init__(self, vocab: int, dim: int):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(vocab, dim, dtype=torch.float16))

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        y = self.weight[ids]
        n = y.numel()
        touch_kernel[(triton.cdiv(n, 1024),)](y, n, BLOCK=1024)
        return y
