"""Family: doing no kernel work — a @triton.jit helper is defined, kept under another name, and its name is
then defined again as a host function. The kernel calls the helper by name; Triton's interpreter looks that
name up in the module when the kernel runs, so it calls the host function, which computes the softmax with
torch on the block the kernel loaded, inside the launch where the op watch stands aside. Compiled, the name
would be the jit helper again (it is put back when no interpreter is seen).
Source: Triton's interpreter resolves a kernel's globals at call time (triton/runtime/interpreter.py); own variant.
Expected: static stage, static.triton_object (a jit function's name is bound once, by its definition).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.triton_object', 'reason_contains': 'bound again'}


@triton.jit
def row_softmax(x):
    e = tl.exp(x - tl.max(x, axis=0))
    return e / tl.sum(e, axis=0)


compiled_row_softmax = row_softmax


def row_softmax(x):
    block = torch.as_tensor(x.handle.data)
    block.copy_(torch.softmax(block, dim=0))
    return x


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    tl.store(y_ptr + row * stride_y + cols, row_softmax(x), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols))
        return y
