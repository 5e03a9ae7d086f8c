"""Family: doing no kernel work — the jit body calls `abs(x)`, a builtin Triton compiles, while a walrus in a
module-level comprehension has made `abs` a module global bound to a host function. The interpreter finds
the module's `abs` before the builtin and runs the host function inside the launch, which computes the
softmax with torch on the loaded block.
Source: PEP 572 scoping of assignment expressions in comprehensions; own variant.
Expected: static stage, static.jit_body (a builtin name a kernel uses must not be bound by the module).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.jit_body', 'reason_contains': 'abs'}


def host_softmax(x):
    block = torch.as_tensor(x.handle.data)
    block.copy_(torch.softmax(block, dim=0))
    return x


_ = [(abs := host_softmax) for _ in range(1)]


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    tl.store(y_ptr + row * stride_y + cols, abs(x), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols))
        return y
