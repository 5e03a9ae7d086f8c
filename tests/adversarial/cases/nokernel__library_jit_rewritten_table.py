"""Family: doing no kernel work — the interpreter's table of rewritten kernels is a class attribute shared
by every interpreted function, Triton's own included: `tl.sum` is itself a jit function, so
`tl.sum.rewritten_fn` reaches the table without naming the candidate's kernel. After the first launch has
put the kernel in it, every entry is replaced with a host program that computes the softmax with torch on
the loaded block, inside the launch.
Source: triton/runtime/interpreter.py (InterpretedFunction.rewritten_fn); triton.language.standard (sum is @jit); own variant.
Expected: static stage, static.triton_object (attributes of Triton's functions are its machinery).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.triton_object', 'reason_contains': 'triton.language.sum.rewritten_fn'}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=0.0)
    tl.store(y_ptr + row * stride_y + cols, x, mask=mask)


def host_program(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    block = torch.as_tensor(x.handle.data)
    block.copy_(torch.softmax(block, dim=0))
    tl.store(y_ptr + row * stride_y + cols, x, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        grid = (n_rows,)
        softmax_kernel[grid](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols))
        table = tl.sum.rewritten_fn
        table.update({fn: host_program for fn in table})
        softmax_kernel[grid](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols))
        return y
