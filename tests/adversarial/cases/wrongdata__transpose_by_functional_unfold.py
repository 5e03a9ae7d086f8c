"""Family: doing no kernel work — a transpose made by `torch.nn.functional.unfold` (im2col, which copies),
while the kernel only copies the result. The op watch classified calls by name, and `unfold` was also the
name of Tensor.unfold, a window view.
Source: own variant (a copy under a view's name).
Expected: correctness stage, correctness.torch_copy (unfold whose output has storage of its own is a copy;
the transpose task is data movement).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.torch_copy', 'task': 'transpose', 'reason_contains': 'unfold'}


@triton.jit
def copy_kernel(src_ptr, dst_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(dst_ptr + offs, tl.load(src_ptr + offs, mask=mask), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        R, C = x.shape
        cols = F.unfold(x.t()[None, None], kernel_size=1)  # (1, 1, C*R): x.t() in row-major order
        y = torch.empty((C, R), dtype=x.dtype, device=x.device)
        n = R * C
        copy_kernel[(triton.cdiv(n, 1024),)](cols, y, n, BLOCK=1024)
        return y
