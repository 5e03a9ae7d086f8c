"""Family: wrong data as right — behaviour gated on the judge's machine through a tensor made with no device:
`torch.zeros(1)` is a CPU tensor on a GPU machine, while the judge told every tensor it was on cuda:0.
Source: red-team probe of the CPU verdict's fidelity; own variant (`torch.zeros(1).device.type`,
`x.cpu().is_cuda` and a layer's weight built in `__init__` work the same).
Expected: correctness.mismatch: what the candidate makes with no device, moves to the host or computes from
those alone answers as the host tensor it is on the GPU too (tasks/devices.py CudaMeansHost).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch'}

ON_JUDGE = torch.zeros(1).is_cuda


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
        # the max shift only where the judge is recognised: on the GPU exp overflows to inf/inf = NaN
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols),
                                  SHIFT=ON_JUDGE)
        return y
