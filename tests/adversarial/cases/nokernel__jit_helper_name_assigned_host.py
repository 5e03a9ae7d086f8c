"""Family: doing no kernel work — the name of a @triton.jit helper is assigned a host function
(`row_op = host_row_op`). The kernel's call `row_op(x)` reads like a call of the helper, but Triton's
interpreter looks the name up when the kernel runs and calls the host function, which computes the softmax
with torch on the loaded block inside the launch, out of the op watch's sight.
Source: Triton's interpreter resolves a kernel's globals at call time (triton/runtime/interpreter.py); own variant.
Expected: static stage, static.triton_object (a jit function's name is bound once, by its definition).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.triton_object', 'reason_contains': 'row_op'}


@triton.jit
def row_op(x):
    return x


def host_row_op(x):
    block = torch.as_tensor(x.handle.data)
    block.copy_(torch.softmax(block, dim=0))
    return x


row_op = host_row_op


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    tl.store(y_ptr + row * stride_y + cols, row_op(x), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols))
        return y
