"""Family: wrong data as right — an output moved to the host: the kernel computes the right values on the GPU,
then forward returns `y.cpu()`. On a GPU the output is then on the host where the reference's is on cuda (a
caller that keeps working on the device breaks, and the copy back is timed with the kernel). On a CPU judge
every tensor is on the host, so a device check that compares device types sees nothing wrong.
Source: red-team probe of the CPU verdict's fidelity (devices); own variant.
Expected: correctness.output_device: the judge knows which tensors stand for the GPU's and which are the
host's on a GPU too (moved with `.cpu()`, made with no device), and an output of the latter kind is refused.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.output_device'}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    e = tl.exp(x - tl.max(x, axis=0))
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols))
        return y.cpu()
