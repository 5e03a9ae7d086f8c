"""Family: doing no kernel work — the kernel is handed to a host helper as an argument, and the helper, where
the parameter has no name the rules know, replaces what the interpreter runs for it
(`k.rewritten_fn[k.fn] = host_program`). The host program computes the softmax with torch inside the launch.
Source: triton/runtime/interpreter.py (InterpretedFunction.rewritten_fn); own variant.
Expected: static stage, static.triton_object (a jit function is launched or renamed, never passed).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.triton_object', 'reason_contains': 'used as a value'}


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


def install(k, program):
    k.rewritten_fn[k.fn] = program


install(softmax_kernel, host_program)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols))
        return y
