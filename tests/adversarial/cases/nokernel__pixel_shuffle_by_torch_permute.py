"""Family: doing no kernel work — a pixel shuffle (pure data movement) done by torch: a view, a permute and a
reshape that copies, with a kernel that copies the result onto itself so that a launch is seen.
Source: a data-movement reference op the watch classed as compute, so the candidate's torch copies passed as
glue; own variant.
Expected: correctness.torch_copy: the reference's pixel_shuffle is data movement, and so the task is.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.torch_copy', 'task': 'tests/adversarial/tasks/pixel_shuffle_2x.py'}


@triton.jit
def touch(y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    keep = offs < n
    tl.store(y_ptr + offs, tl.load(y_ptr + offs, mask=keep), mask=keep)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n, c4, h, w = x.shape
        y = x.view(n, c4 // 4, 2, 2, h, w).permute(0, 1, 4, 2, 5, 3).reshape(n, c4 // 4, 2 * h, 2 * w)
        touch[(triton.cdiv(y.numel(), 1024),)](y, y.numel(), BLOCK=1024)
        return y
