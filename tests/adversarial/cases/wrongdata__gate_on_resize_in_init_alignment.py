"""Family: wrong data as right — behaviour gated, in `__init__`, on where memory grown by `resize_` lies: on a
GPU `resize_` allocates from the caching allocator, whose blocks all start at 512-byte boundaries; a judge
that leaves that memory to the host's allocator (64-byte aligned) is told apart by eight such tensors, and
the model computes honestly only there.
Source: red-team probe of the CPU verdict's fidelity (allocations); own variant.
Expected: correctness.mismatch: memory `resize_` grows outside forward is placed by the same emulation of
the caching allocator (tasks/devices.py, sandbox/gpu_memory.py); in forward `resize_` is an allocation (a copy where it moves bytes).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

# mismatch, or outside_kernels where the second-inputs call is the first whose draw shows the GPU's path
EXPECT = {'stage': 'correctness', 'check': 'correctness.'}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, SHIFT: tl.constexpr, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    if SHIFT:
        x = x - tl.max(x, axis=0)
    e = tl.exp(x)
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        aligned = 0
        for k in range(8):
            grown = torch.empty(0, device="cuda")
            grown.resize_(1000 + 3 * k)
            aligned += grown.data_ptr() % 512 == 0
        self.shift = aligned < 8

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), SHIFT=self.shift,
                                  BLOCK=triton.next_power_of_2(n_cols))
        return y
