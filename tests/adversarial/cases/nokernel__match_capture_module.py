"""Family: doing no kernel work — torch captured by a `match` statement (`match torch: case T:`): a capture
pattern binds a name the way an assignment does, but it is not an assignment, so a resolver that follows only
assignments, imports and loop targets would not know that T is torch, and `T.ops.aten` would pass as an
attribute of an unknown object.
Source: a known bypass class ("names the deny-list does not follow"), own variant.
Expected: static stage, static.module_value (the module is the subject of the match: a module used as a value).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.module_value'}


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
        match torch:
            case T:
                return T.ops.aten.softmax.int(x, -1)
