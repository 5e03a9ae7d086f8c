"""Family: wrongdata — a LeakyReLU-times-temperature kernel with the task file's slope (0.2) and temperature (0.7)
compiled in. The task gives both as numpy float32 scalars, which the judge's float moves did not count as floats
(np.float32 is no Python float), and which the channel to the candidate could not carry at all (every
candidate of the task failed with `sandbox.protocol`).
Source: red-team review of the harness.
Expected: correctness.mismatch on a forward float moved (numpy floats are moved as floats, kept of their type,
and cross the channel as themselves).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/leaky_np_scalars.py"}


@triton.jit
def leaky_scale_fixed(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    tl.store(y_ptr + offs, tl.where(x >= 0, x, x * 0.2) * 0.7, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, negative_slope):
        super().__init__()

    def forward(self, x, scale):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        leaky_scale_fixed[(triton.cdiv(n, 1024),)](x, y, n, BLOCK=1024)
        return y
