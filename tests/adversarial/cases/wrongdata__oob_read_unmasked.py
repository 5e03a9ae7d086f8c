"""Family: unmasked out-of-bounds access — loads without a mask read past the end of each row
(the last row reads past the end of the tensor); on a GPU this "works" by reading neighbours.
The garbage lanes are discarded with tl.where, so the result is right and a value check alone
cannot see the read.
Source: Wafer field guide (the 104x kernel that read garbage memory).
Expected: correctness stage, correctness.out_of_bounds_read (the interpreter's bounds check sees the
unmasked lanes hit the guard band after the input), or correctness.race where a call that packs the inputs and
the output side by side, as the caching allocator does, comes first: the last row's unmasked lanes then read
the output other programs write.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.out_of_bounds_read',
          'check_in': ['correctness.out_of_bounds_read', 'correctness.race']}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + row * n_cols + cols)  # no mask: BLOCK > n_cols
    x = tl.where(cols < n_cols, x, float("-inf"))
    e = tl.exp(x - tl.max(x, axis=0))
    tl.store(y_ptr + row * n_cols + cols, e / tl.sum(e, axis=0), mask=cols < n_cols)


class ModelNew(nn.Module):
    def forward(self, x):
        y = torch.empty_like(x)
        softmax_kernel[(x.shape[0],)](x, y, x.shape[1], BLOCK=triton.next_power_of_2(x.shape[1]))
        return y
