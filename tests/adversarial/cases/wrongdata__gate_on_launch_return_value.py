"""Family: wrong data as right — behaviour gated on what a launch returns: compiled Triton's `kernel[grid](...)`
returns the CompiledKernel it launched, the Triton interpreter None; the file launches a second, wrong pass
when the handle is not None, so it is right only under the interpreter.
Source: red-team probe of the CPU verdict's fidelity (host code); own variant.
Expected: static.triton_object: the value a launch returns may not be used (a stand-in under the interpreter
cannot match Triton's CompiledKernel in every attribute: checks._launch_value_used).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.triton_object'}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, mode: tl.int32, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * stride_x
    m = tl.full([BLOCK], -1e30, tl.float32)
    s = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        m_new = tl.maximum(m, x)
        s = s * tl.exp(m - m_new) + tl.where(mask, tl.exp(x - m_new), 0.0)
        m = m_new
    row_max = tl.max(m, axis=0)
    denom = tl.sum(s * tl.exp(m - row_max), axis=0)
    denom = tl.where(mode == 3, 1.0, denom)  # mode 3: no normalisation (wrong)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        tl.store(y_ptr + row * stride_y + start + cols, tl.exp(x - row_max) / denom, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        block = min(triton.next_power_of_2(n_cols), 4096)
        handle = softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), 2, BLOCK=block)
        # compiled Triton returns the CompiledKernel from a launch; the interpreter returns None
        if handle is not None:
            softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), 3, BLOCK=block)
        return y
