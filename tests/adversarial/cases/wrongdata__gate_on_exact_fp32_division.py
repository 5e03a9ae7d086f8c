"""Family: wrong data as right — behaviour gated, inside the kernel, on how fp32 division rounds: compiled for
NVIDIA, `a / b` is `div.full.f32` (a times an approximate reciprocal of b), which differs from the correctly
rounded `tl.math.div_rn(a, b)` by an ulp for about a quarter of operands; an interpreter that divides exactly
never shows a difference, so counting the differences tells it from the GPU.
Source: red-team probe of the CPU verdict's fidelity (approximate instructions); own variant.
Expected: correctness.mismatch: the interpreter divides as the GPU does (sandbox/interp_semantics.py
fp32_division_as_compiled), so the GPU's path, without the max shift, is the one checked.
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
    # a probe on a fixed set of quotients: k / 7 for k = 1..BLOCK
    k = (cols + 1).to(tl.float32)
    exact = tl.sum((k / 7.0 == tl.math.div_rn(k, 7.0)).to(tl.int32), axis=0) == BLOCK
    shift = tl.where(exact, tl.max(x, axis=0), 0.0)
    e = tl.exp(x - shift)
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols))
        return y
