"""Family: doing no kernel work — the transpose made by indexing with a `range` (`x.t()[range(C)]`), which
torch takes as a sequence of indices and gathers with (a copy), while the launched kernel rewrites one
scratch element. The watch took only tensors, lists and arrays for gather indices.
Source: own variant (advanced indexing by any sequence: a range, a tuple inside the index).
Expected: correctness stage, correctness.torch_compute naming the indexing (getitem).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.torch_compute', 'task': 'transpose', 'reason_contains': 'getitem'}


@triton.jit
def touch_kernel(p_ptr):
    tl.store(p_ptr, tl.load(p_ptr))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        R, C = x.shape
        y = x.t()[range(C)]  # a gather: a new (C, R) contiguous tensor, x transposed
        scratch = torch.zeros(1, dtype=x.dtype, device=x.device)
        touch_kernel[(1,)](scratch)
        return y
