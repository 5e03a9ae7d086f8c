"""Family: wrong data passing as right — a kernel that writes the constant 1/dim (the mean of a
softmax row): within atol/rtol everywhere for a tiny-valued output.
Source: KernelBench issue #165; METR's constant-output KernelBench tasks.
Task: tests/adversarial/tasks/tiny_softmax.py.
Expected: correctness stage, correctness.mismatch via the relative L2 norm.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'tests/adversarial/tasks/tiny_softmax.py', 'reason_contains': 'relative L2'}


@triton.jit
def fill_kernel(y_ptr, n, value, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    tl.store(y_ptr + offs, tl.zeros([BLOCK], tl.float32) + value, mask=offs < n)


class ModelNew(nn.Module):
    def forward(self, x):
        y = torch.empty_like(x)
        n = y.numel()
        fill_kernel[(triton.cdiv(n, 4096),)](y, n, 1.0 / x.shape[1], BLOCK=4096)
        return y
