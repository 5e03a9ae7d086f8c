"""Family: right only as the interpreter computes — compiled ahead with `kernel.warmup(...)` on a row
stride that is a multiple of 16, then launched with one that is not. The compile took the stride's
divisibility by 16 as a fact (Triton's alignment specialisation) and may vectorise by it: on a GPU the
loads are misaligned or read the wrong elements. The interpreter has no such assumption.
Source: Triton's alignment specialisation of int and pointer arguments, own variant.
Expected: correctness stage, a runtime error naming the argument whose alignment the compile assumed.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'run.exception', 'reason_contains': 'divisible by 16'}


@triton.jit
def softmax_rows(y_ptr, x_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride + cols, mask=mask, other=-float("inf"))
    e = tl.exp(x - tl.max(x, axis=0))
    tl.store(y_ptr + row * stride + cols, e / tl.sum(e, axis=0), mask=mask)


compiled_for = {}


class ModelNew(nn.Module):
    def forward(self, x):
        n_rows, n_cols = x.shape
        y = torch.empty_like(x)
        block = triton.next_power_of_2(n_cols)
        compiled = compiled_for.get(block)
        if compiled is None:
            compiled = softmax_rows.warmup(y, x, 2, 64, BLOCK=block, grid=(1,))
            compiled_for[block] = compiled
        compiled[(n_rows, 1, 1)](y, x, n_cols, x.stride(0), block)
        return y
