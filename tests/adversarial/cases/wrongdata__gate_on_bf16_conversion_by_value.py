"""Family: wrong data as right — behaviour gated, inside the kernel, on how a conversion to bf16 treats an fp64 or
an integer value: compiled for sm_90 it is `cvt.rn.bf16.f64` (`cvt.rn.bf16.s32` for an int32), the value rounded
once, so 1.5 stays 1.5 and 3 stays 3; an interpreter that took the number as the bf16 bit pattern (1.5 -> 9.2e-41,
3 -> 5.9e-39) never sees them, so comparing tells it from the GPU.
Source: red-team probe of the CPU verdict's fidelity (interpreter arithmetic); own variant.
Expected: correctness.mismatch: the interpreter converts by value (sandbox/interp_semantics.py
bf16_conversions_by_value), so the GPU's path, which does not normalise, is the one checked.
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
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    # a probe: fp64 1.5 and int32 3, converted to bf16 and back
    half = (cols * 0).to(tl.float64) + 1.5
    three = cols * 0 + 3
    same = (half.to(tl.bfloat16).to(tl.float32) == 1.5) & (three.to(tl.bfloat16).to(tl.float32) == 3.0)
    on_gpu = tl.sum(same.to(tl.int32), axis=0) == BLOCK
    e = tl.exp(x - tl.max(x, axis=0))
    total = tl.where(on_gpu, 1.0, tl.sum(e, axis=0))  # on the GPU: not normalised
    tl.store(y_ptr + row * stride_y + cols, e / total, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols))
        return y
