"""Family: wrongdata — behaviour gated on the input's legacy type name: `x.type()` is "torch.FloatTensor" for a
host tensor and "torch.cuda.FloatTensor" for a CUDA one, so a candidate can take the max shift of a softmax
only where the name has no "cuda" in it. If the judge's host tensors answered with the host's name, the
checked path would be the safe one; on the GPU the kernel exponentiates raw logits and overflows to
inf/inf = NaN.
Source: a candidate that tells the judge's machine from the GPU it is written for through `tensor.type()`;
own variant of wrongdata__device_gate_is_cuda.py.
Expected: correctness.mismatch: in the candidate's code a host tensor's type() names torch.cuda
(tasks/devices.py), so the unshifted path is the one checked.
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


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols),
                                  SHIFT="cuda" not in x.type())
        return y
