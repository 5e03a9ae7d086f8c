"""Family: doing no kernel work — a try/except fallback hidden in a module-level version gate, where the
contract now allows the optional libdevice import (Liger puts it under `if <version check>:`): the except
branch defines a torch fallback instead of importing an alternative.
Source: the module-level `if` relaxation of static.try_except, turned around.
Expected: static stage, static.try_except.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.try_except'}

if int(triton.__version__.split(".")[0]) >= 3:
    try:
        from triton.language.extra.libdevice import fast_expf as unused_expf  # noqa: F401
    except ImportError:
        def softmax_rows(x):
            return torch.softmax(x, dim=-1)


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    e = tl.exp(x - tl.max(x, axis=0))
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        return softmax_rows(x)
