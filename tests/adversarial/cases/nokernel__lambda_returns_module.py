"""Family: doing no kernel work — a lambda that returns torch (`lib = lambda: torch`), so every use is a call's
result (`lib().ops.aten`), which no name resolution can follow: the attribute chain starts at a call, not at
a name bound to a module.
Source: a known bypass class ("names the deny-list does not follow"), own variant.
Expected: static stage, static.module_value (a module returned from a lambda is a module used as a value).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.module_value'}

lib = lambda: torch  # noqa: E731


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * stride_x
    m = tl.full([BLOCK], -1e30, tl.float32)
    s = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        m_new = tl.maximum(m, x)
        s = s * tl.exp(m - m_new) + tl.where(mask, tl.exp(x - m_new), 0.0)
        m = m_new
    row_max = tl.max(m, axis=0)
    denom = tl.sum(s * tl.exp(m - row_max), axis=0)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        tl.store(y_ptr + row * stride_y + start + cols, tl.exp(x - row_max) / denom, mask=mask)


def launch_softmax(x, y):
    n_rows, n_cols = x.shape
    softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=min(triton.next_power_of_2(n_cols), 4096))


class ModelNew(nn.Module):
    def forward(self, x):
        y = torch.empty_like(x)
        launch_softmax(x, y)
        return lib().ops.aten.softmax.int(x, -1)
