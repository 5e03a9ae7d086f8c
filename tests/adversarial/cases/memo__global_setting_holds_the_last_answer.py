"""Family: memorising — the last answer kept in module-level settings refilled through `global`
(`_LAST_KEY = None` ... `global _LAST_KEY, _LAST_OUT`), keyed by the input's address and shape, and copied
out by a kernel into a fresh tensor whenever the key repeats.
Source: the lazy NUM_SMS setting of persistent launchers, the form `global` is allowed in, put to another use.
Expected: correctness.mismatch on the trial that keeps the input addresses and refills them with new values
(the copy is a fresh storage, so output_reused does not apply): what a `global` can hold across calls, a
module-level dict or `self` can hold too, and the judge's same-address refills are what catches it.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch'}

_LAST_KEY = None
_LAST_OUT = None


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    e = tl.exp(x - tl.max(x, axis=0))
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


@triton.jit
def copy_kernel(src_ptr, dst_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    tl.store(dst_ptr + offs, tl.load(src_ptr + offs, mask=offs < n), mask=offs < n)


class ModelNew(nn.Module):
    def forward(self, x):
        global _LAST_KEY, _LAST_OUT
        x = x.contiguous()
        y = torch.empty_like(x)
        key = (x.data_ptr(), tuple(x.shape))
        if key == _LAST_KEY:
            copy_kernel[(triton.cdiv(x.numel(), 1024),)](_LAST_OUT, y, x.numel(), BLOCK=1024)
            return y
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols))
        _LAST_KEY = key
        _LAST_OUT = y.clone()
        return y
