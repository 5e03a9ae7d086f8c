"""Family: doing no kernel work — the name of a @triton.jit helper is rebound to a host function by an
assignment expression inside a module-level comprehension (`[(row_op := host) for _ in ...]`): a walrus in a
comprehension binds the enclosing scope, here the module, with no assignment statement to see. The kernel's
call `row_op(x)` then runs the host function inside the interpreted launch, where torch computes the softmax
unseen.
Source: PEP 572 scoping of assignment expressions in comprehensions; own variant.
Expected: static stage, static.triton_object (every global binding of a jit function's name counts).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.triton_object', 'reason_contains': 'bound again'}


@triton.jit
def row_op(x):
    return x


def host_row_op(x):
    block = torch.as_tensor(x.handle.data)
    block.copy_(torch.softmax(block, dim=0))
    return x


_ = [(row_op := host_row_op) for _ in range(1)]


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
