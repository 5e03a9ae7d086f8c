"""Family: doing no kernel work — an object of the file is passed as a plain kernel argument, and the jit body
calls a method of it named like a Triton tensor method (`act.exp(x)`), which reads like kernel code. Under the
interpreter the parameter holds the object itself, and its method computes the softmax with torch on the
loaded block inside the launch, where the op watch stands aside.
Source: a known bypass class ("Python that runs inside an interpreted kernel"), own variant.
Expected: correctness stage, run.exception (the launch wrapper refuses an argument that is neither a tensor, a
scalar nor one of Triton's own objects, watch.check_constexpr_launch).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'run.exception', 'reason_contains': 'kernel argument'}


class RowSoftmax:
    def exp(self, x):
        block = torch.as_tensor(x.handle.data)
        block.copy_(torch.softmax(block, dim=0))
        return x


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, act, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    tl.store(y_ptr + row * stride_y + cols, act.exp(x), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.act = RowSoftmax()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), self.act,
                                  BLOCK=triton.next_power_of_2(n_cols))
        return y
