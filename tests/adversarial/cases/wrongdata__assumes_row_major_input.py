"""Family: wrong data — a kernel that takes its input to be row-major: it indexes the transposed input of
tests/honest/tasks/transposed_add.py with strides computed from the shape instead of the tensor's own. On a
GPU the candidate receives the input as get_inputs made it (a transpose), so this reads the wrong elements;
the judge hands the candidate its inputs with the same layout.
Source: inputs laid out as get_inputs made them (a transposed input), own variant.
Expected: correctness stage, correctness.mismatch.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'task': 'tests/honest/tasks/transposed_add.py', 'stage': 'correctness', 'check': 'correctness.mismatch'}


@triton.jit
def add_one_flat(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(y_ptr + offs, tl.load(x_ptr + offs, mask=mask) + 1.0, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        y = torch.empty(x.shape, dtype=x.dtype, device=x.device)  # row-major, while x is not
        n = x.numel()
        add_one_flat[(triton.cdiv(n, 256),)](x, y, n, BLOCK=256)
        return y
