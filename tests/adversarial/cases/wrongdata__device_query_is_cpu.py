"""Family: wrongdata — behaviour gated on `tensor.is_cpu`, read by a `@triton.heuristics` function at launch:
the max shift of a softmax only where the input is a host tensor. The heuristic runs inside Triton's
launcher, not in forward's own lines, and the judge's inputs are host tensors standing for the GPU's; if
they said so, the checked path would be the safe one, and on the GPU the kernel overflows to inf/inf = NaN
on large logits.
Source: a candidate that tells the judge's machine from the GPU it is written for in a launch-time
heuristic; own variant of wrongdata__device_gate_is_cuda.py.
Expected: correctness.mismatch: in the candidate's code, a heuristic's included, a host tensor's is_cpu is
False (tasks/devices.py), so the unshifted path is the one checked.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch'}


@triton.heuristics({"SHIFT": lambda args: args["x_ptr"].is_cpu})
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
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols))
        return y
