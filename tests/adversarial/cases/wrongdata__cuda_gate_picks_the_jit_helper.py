"""Family: wrong data — behaviour gated on the device, through which of two @triton.jit helpers of one name a
module-level `if` defines (the form honest code uses for one helper per Triton release): the shifted softmax
exponent where no CUDA device is seen, the unshifted one where one is.
Source: the per-release helper idiom turned into a device gate; own variant.
Expected: static.triton_object: a @triton.jit name is bound once, even in opposite branches of an `if`. Without
the static layer, correctness.mismatch: in the candidate's process, from its import on, the host code sees the
target GPU (tasks/devices.py), so the helper of the GPU branch is the one defined and checked, and it overflows
to inf/inf = NaN on large logits.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.triton_object', 'reason_contains': 'bound again'}

if torch.cuda.is_available():
    @triton.jit
    def _exp_row(x):
        return tl.exp(x)  # no max shift: exp overflows on large logits
else:
    @triton.jit
    def _exp_row(x):
        return tl.exp(x - tl.max(x, axis=0))


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    e = _exp_row(x)
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols))
        return y
