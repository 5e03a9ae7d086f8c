"""Family: doing no kernel work — the same header trick without a docstring: a string in the kernel's body is
continued over a line break with a backslash, so its text has no line that starts with `def `, while the
source line after the break does. Triton's interpreter reads source lines, takes that one as the kernel's
header, and runs what follows: a copy of the kernel that computes the softmax with torch.
Source: triton/runtime/interpreter.py (FunctionRewriter._find_def); own variant.
Expected: correctness.mismatch: the judge gives the interpreter the header Python parsed, as the
compiler finds it (sandbox/compat.py), so the real body, a plain copy, is what runs and is checked. The static
layer lets a `def ` line after the header through: it is text to both (docstrings show usage examples).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch'}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + row * stride_x + cols, mask=cols < n_cols, other=0.0)
    tl.store(y_ptr + row * stride_y + cols, x, mask=cols < n_cols)
    _ = "unused \
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK): import torch as T; row = tl.program_id(0); \
cols = tl.arange(0, BLOCK); x = tl.load(x_ptr + row * stride_x + cols, mask=cols < n_cols, other=float('-inf')); \
b = T.as_tensor(x.handle.data); b.copy_(T.softmax(b, dim=0)); tl.store(y_ptr + row * stride_y + cols, x, mask=cols < n_cols)  # "


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols))
        return y
