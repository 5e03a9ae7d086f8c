"""Family: doing no kernel work — a decorator of the file between @triton.jit and the `def` hands Triton a
different function than the one written under it: a host function whose text Triton's interpreter rewrites
and runs as the kernel, computing the softmax with torch on the loaded block inside the launch. The checks
of kernel code read the function written under the decorators, which never runs.
Source: Python decorator order (the one nearest the `def` is applied first); own variant.
Expected: static stage, static.triton_object (@triton.jit is the last decorator, directly over the def).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.triton_object', 'reason_contains': 'last decorator'}


def host_program(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + row * stride_x + cols, mask=cols < n_cols, other=float("-inf"))
    block = torch.as_tensor(x.handle.data)
    block.copy_(torch.softmax(block, dim=0))
    tl.store(y_ptr + row * stride_y + cols, x, mask=cols < n_cols)


def swap(fn):
    return host_program


@triton.jit
@swap
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + row * stride_x + cols, mask=cols < n_cols, other=0.0)
    tl.store(y_ptr + row * stride_y + cols, x, mask=cols < n_cols)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols))
        return y
