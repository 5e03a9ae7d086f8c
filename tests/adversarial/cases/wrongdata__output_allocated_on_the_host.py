"""Family: wrong on the GPU, right on the CPU judge — the output allocated with no device
(`torch.empty(x.shape, dtype=x.dtype)`): a host tensor on the GPU machine too, which Triton refuses as a
pointer argument there ("cannot be accessed from Triton (cpu tensor?)"), while the interpreter reads and writes
host memory either way. An LLM's common slip, not a trick; a verdict must not pass it.
Source: the usual failure of generated kernels on a first GPU run; own variant.
Expected: run.exception naming the host tensor: what the candidate makes with no device is the host's on the
GPU too (tasks/devices.py), and a launch given one raises as Triton does there (sandbox/watch.py).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'run.exception', 'reason_contains': 'cpu tensor'}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    x = x - tl.max(x, axis=0)
    e = tl.exp(x)
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty(x.shape, dtype=x.dtype)  # no device: a host tensor on the GPU machine
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols))
        return y
