"""Family: doing no kernel work — a decorator of the file over @triton.jit returns a host function instead of
the kernel it was given, so the jit helper's name is bound to the host function. The kernel calls the helper
by name; under the interpreter that runs the host function inside the launch, which computes the softmax with
torch on the loaded block.
Source: Python decorator semantics (the name is bound to what the outermost decorator returns); own variant.
Expected: static stage, static.triton_object (a decorator over @triton.jit hands the kernel back unchanged).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.triton_object', 'reason_contains': 'hands the kernel back'}


def host_row_softmax(x):
    block = torch.as_tensor(x.handle.data)
    block.copy_(torch.softmax(block, dim=0))
    return x


def registered():
    def decorator(fn):
        return host_row_softmax
    return decorator


@registered()
@triton.jit
def row_softmax(x):
    return x


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + row * stride_x + cols, mask=cols < n_cols, other=float("-inf"))
    tl.store(y_ptr + row * stride_y + cols, row_softmax(x), mask=cols < n_cols)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols))
        return y
