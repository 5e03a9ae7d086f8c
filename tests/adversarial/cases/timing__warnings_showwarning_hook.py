"""Family: timing games — warnings.warn is allowed (public launchers warn on slow paths), so the file installs
its own `warnings.showwarning`: a hook the harness would run whenever anything warns, outside the forward.
Source: the warnings relaxation of the contract, turned around.
Expected: static stage, static.patching (of warnings, only warnings.warn is in the contract).
"""

import warnings

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.patching'}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    e = tl.exp(x - tl.max(x, axis=0))
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


def on_warning(message, category, filename, lineno, file=None, line=None):
    return None


warnings.showwarning = on_warning


class ModelNew(nn.Module):
    def forward(self, x):
        y = torch.empty_like(x)
        softmax_kernel[(x.shape[0],)](x, y, x.shape[1], x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(x.shape[1]))
        return y
