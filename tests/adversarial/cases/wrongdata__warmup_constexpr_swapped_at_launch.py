"""Family: right only as the interpreter computes — a kernel compiled with `kernel.warmup(...)` at a
constexpr that makes it a plain copy, then launched with the right constexpr passed positionally. The
compiled launcher skips constexpr positions: on a GPU the copy runs, whatever the launch passes. An
interpreter that ran the launch's arguments would compute a softmax.
Source: Triton's compiled-kernel launch (CompiledKernel.__getitem__, the launcher's constexpr slots), own
variant.
Expected: correctness stage, correctness.mismatch (the launch runs what the warmup compiled).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch'}


@triton.jit
def softmax_or_copy(y_ptr, x_ptr, n_cols, stride, BLOCK: tl.constexpr, DO_SOFTMAX: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride + cols, mask=mask, other=-float("inf"))
    if DO_SOFTMAX:
        e = tl.exp(x - tl.max(x, axis=0))
        x = e / tl.sum(e, axis=0)
    tl.store(y_ptr + row * stride + cols, x, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        n_rows, n_cols = x.shape
        y = torch.empty_like(x)
        block = triton.next_power_of_2(n_cols)
        compiled = softmax_or_copy.warmup(y, x, n_cols, x.stride(0), BLOCK=block, DO_SOFTMAX=False, grid=(1,))
        compiled[(n_rows, 1, 1)](y, x, n_cols, x.stride(0), block, True)
        return y
