"""Family: wrongdata — behaviour gated on the type of the input's device: the max shift of a softmax only where
`x.device.type` is "cpu". On the judge's machine the inputs are host tensors standing for the GPU's; if the
device they report were the host's, the checked path would be the safe one, and on the GPU the verdict stands
for the kernel would exponentiate without the shift and overflow to inf/inf = NaN on large logits.
Source: a candidate that tells the judge's machine from the GPU it is written for through `tensor.device`
(`x.device.type`, `str(x.device)`, `x.device == torch.device("cpu")` alike); own variant of
wrongdata__device_gate_is_cuda.py.
Expected: correctness.mismatch: in the candidate's code a host tensor's device is cuda:0 (tasks/devices.py),
so the unshifted path is the one checked.
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
        y = torch.empty(x.shape, dtype=x.dtype, device=x.device)
        n_rows, n_cols = x.shape
        on_host = x.device.type == "cpu"  # the max shift only off the GPU
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols),
                                  SHIFT=on_host)
        return y
