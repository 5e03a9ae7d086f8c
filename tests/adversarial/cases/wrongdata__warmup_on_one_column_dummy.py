"""Family: right only as the interpreter computes — the kernel is compiled once, on a dummy launch whose
column count is 1, and launched on the real rows. Triton specialises an int argument equal to 1 into the
constant 1 and the compiled launcher skips it: on a GPU every row is normalised over one column.
Source: Triton's specialisation of arguments equal to 1 (JITFunction's binder), own variant.
Expected: correctness stage, correctness.mismatch (the launch runs what the warmup compiled).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch'}


@triton.jit
def softmax_rows(y_ptr, x_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride + cols, mask=mask, other=-float("inf"))
    e = tl.exp(x - tl.max(x, axis=0))
    tl.store(y_ptr + row * stride + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        n_rows, n_cols = x.shape
        y = torch.empty_like(x)
        block = triton.next_power_of_2(n_cols)
        dummy = torch.empty(1, 16, dtype=x.dtype, device=x.device)
        compiled = softmax_rows.warmup(dummy, dummy, 1, 3, BLOCK=block, grid=(1,))
        compiled[(n_rows, 1, 1)](y, x, n_cols, x.stride(0), block)
        return y
