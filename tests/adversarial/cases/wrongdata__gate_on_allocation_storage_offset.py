"""Family: wrong data as right — behaviour gated on where a new allocation starts in its storage: a judge
that hands out a view into a canary-padded buffer gives `torch.empty(...).storage_offset()` the pad's length,
where every allocation on a GPU starts its own storage (offset 0). Passed to the kernel as a run-time
integer (a multiple of 16 either way, so the launch is specialised alike), it picks the honest path.
Source: red-team probe of the CPU verdict's fidelity (allocations); own variant.
Expected: correctness.mismatch: an allocation in forward is a storage of its own over the data (offset 0),
its canary pads outside it (sandbox/gpu_memory.py), so the GPU's path is the one checked.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

# mismatch, or outside_kernels where the second-inputs call is the first whose draw shows the GPU's path
EXPECT = {'stage': 'correctness', 'check': 'correctness.'}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, offset, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    shift = tl.where(offset > 0, tl.max(x, axis=0), 0.0)
    e = tl.exp(x - shift)
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, y.storage_offset(), n_cols, x.stride(0), y.stride(0),
                                  BLOCK=triton.next_power_of_2(n_cols))
        return y
