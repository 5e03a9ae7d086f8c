"""Family: wrong data — behaviour gated on torch.cuda.is_available(): the max shift of a softmax only where no
CUDA device is present. Judged on a CPU, where the candidate saw no GPU, the checked path was the safe one; on
the GPU the verdict stands for, the kernel exponentiates without the shift and overflows to inf/inf = NaN on
large logits.
Source: a candidate that tells the judge's machine from the GPU it is written for; own variant.
Expected: correctness.mismatch: in the candidate's process the host code sees the target GPU
(tasks/devices.py: is_available, capability, properties), so the GPU path is the one checked.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch'}


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


# the CPU judge has no CUDA device
CHECKED = not torch.cuda.is_available()  # False on the GPU the kernel is for


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        # the max shift only where it is checked: on a GPU exp overflows to inf/inf = NaN
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols),
                                  SHIFT=CHECKED)
        return y
