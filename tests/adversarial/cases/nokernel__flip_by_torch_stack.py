"""Family: doing no kernel work — a data-movement task (flip the columns) done by torch's copies: the columns
unbound and stacked back in reverse order, which the op watch classes as glue, with a kernel that copies the
result onto itself so that a launch is seen.
Source: a task made only of a data-movement op the watch classed as compute, so the candidate's copies passed
as glue; own variant.
Expected: correctness.torch_copy: the reference's flip is data movement, and so the task is.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.torch_copy', 'task': 'tests/adversarial/tasks/flip_columns.py'}


@triton.jit
def touch(y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    keep = offs < n
    tl.store(y_ptr + offs, tl.load(y_ptr + offs, mask=keep), mask=keep)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.stack(x.unbind(1)[::-1], 1)
        touch[(triton.cdiv(y.numel(), 1024),)](y, y.numel(), BLOCK=1024)
        return y
