"""Family: wrong data as right — the kernel tells the interpreter from the GPU by whether a multiply and an
add are rounded apart: compiled for NVIDIA, FP fusion is on by default (`enable_fp_fusion`), so LLVM contracts
an fp32 product that a subtract takes into one `fma.rn.f32`. With a = 1 + 2**-12 and c = 1 + 2**-11, made at
run time from the input (so nothing is folded), `a * a - c` is 0 rounded twice, as the plain interpreter
computes it, and 2**-24 fused (PTX for sm_90: `fma.rn.f32 %r, %a, %a, -c`). The softmax keeps its max shift
only where the probe says "unfused"; on the GPU it drops it, and rows whose exp overflows come out as
inf/inf = NaN. The compile for the GPU target only builds the kernel.
Source: a kernel that tells the judge's machine from the GPU it is written for; own variant (any a * b + c
whose two roundings differ from one).
Expected: correctness.mismatch: the interpreter contracts a product feeding an add or subtract into one fma
as the compiled kernel does, so the probe reads "fused" and the max shift is dropped here too.
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
    # a = 1 + 2**-12 from a loaded value (x0 * 0 is 0 for any finite input); a * a - c: 0 or 2**-24
    x0 = tl.load(x_ptr + row * stride_x)
    a = x0 * 0.0 + 1.000244140625
    c = a + (a - 1.0)
    if a * a - c == 0.0:
        x = x - tl.max(x, axis=0)
    e = tl.exp(x)
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols))
        return y
