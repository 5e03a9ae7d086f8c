"""Family: doing no kernel work — a host function wrapped in `tl.constexpr(...)` and passed to a plain (not
constexpr) kernel parameter, then called from the jit body through the wrapper's `.value`. Under the
interpreter it runs as Python inside the launch, where the op watch stands aside, and computes the softmax with
torch on the block the kernel loaded.
Source: a known bypass class ("Python that runs inside an interpreted kernel"), own variant.
Expected: static stage, static.jit_body (`.value` is not a triton.language tensor method).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.jit_body', 'reason_contains': '.value'}


def host_softmax(x):
    t = torch.as_tensor(x.handle.data)
    t.copy_(torch.softmax(t, dim=0))
    return x


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, op, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    tl.store(y_ptr + row * stride_y + cols, op.value(x), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), tl.constexpr(host_softmax),
                                  BLOCK=triton.next_power_of_2(n_cols))
        return y
