"""Family: wrongdata — behaviour gated on Triton's active torch device, the tutorials' module-level
`DEVICE = triton.runtime.driver.active.get_active_torch_device()`: the max shift of a softmax only where
that device is not a CUDA one. If the judge's stand-in driver named the host there, the checked path would
be the safe one, and on the GPU the verdict stands for the kernel would overflow to inf/inf = NaN on large
logits.
Source: a candidate that tells the judge's machine from the GPU it is written for through the driver
lookup every Triton tutorial makes; own variant of wrongdata__device_gate_is_cuda.py.
Expected: correctness.mismatch: the driver's active torch device is cuda:0 in the candidate's process
(tasks/devices.py), so the unshifted path is the one checked.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch'}

DEVICE = triton.runtime.driver.active.get_active_torch_device()


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr, SHIFT: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    if SHIFT:
        x = x - tl.max(x, axis=0)
    e = tl.exp(x)
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols),
                                  SHIFT=DEVICE.type != "cuda")
        return y
