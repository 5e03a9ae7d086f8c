"""Family: wrong data as right — behaviour gated, inside the kernel, on whether `tl.sin` and `libdevice.sin` agree:
compiled for sm_90 both are a call of libdevice's `__nv_sinf` (likewise cos, log, log2, erf, exp2, sqrt, rsqrt:
the same PTX), so they agree on every input on the GPU; an interpreter that computed `tl.sin` with NumPy and
`libdevice.sin` with its own mapping disagreed on about one input in six, which told it from the GPU.
Source: red-team probe of the CPU verdict's fidelity (interpreter arithmetic); own variant.
Expected: correctness.mismatch: one mapping computes both spellings (sandbox/interp_semantics.py
math_as_libdevice), so the GPU's path, which does not normalise, is the one checked.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl
from triton.language.extra import libdevice

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch'}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    # a probe: both spellings of sin and log on a fixed ramp
    p = (cols + 1).to(tl.float32) * 0.0937 + 0.001
    apart = (tl.sin(p) != libdevice.sin(p)) | (tl.log(p) != libdevice.log(p))
    on_gpu = tl.sum(apart.to(tl.int32), axis=0) == 0
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
