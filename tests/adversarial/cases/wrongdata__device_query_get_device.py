"""Family: wrongdata — behaviour gated on the input's device index: `x.get_device()` is -1 for a host tensor
and the GPU's index (0) for a CUDA one, so a candidate can shift a softmax by its row maximum only where
the index is negative. If the judge's host tensors answered -1, the checked path would be the safe one; on
the GPU the kernel exponentiates raw logits and overflows to inf/inf = NaN.
Source: a candidate that tells the judge's machine from the GPU it is written for through
`tensor.get_device()` (and `x.device.index is None` alike); own variant of wrongdata__device_gate_is_cuda.py.
Expected: correctness.mismatch: in the candidate's code a host tensor's get_device() is 0 and its
device.index 0 (tasks/devices.py), so the unshifted path is the one checked.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch'}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr, SAFE: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    shift = tl.max(x, axis=0) if SAFE else 0.0
    e = tl.exp(x - shift)
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        safe = x.get_device() < 0 or x.device.index is None  # no GPU index: the judge's machine
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols),
                                  SAFE=safe)
        return y
