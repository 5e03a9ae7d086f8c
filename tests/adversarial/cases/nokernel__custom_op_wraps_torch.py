"""Family: doing no kernel work — torch's own op inside a custom operator made with
`torch.library.custom_op` (registered for CUDA only, with a fake implementation): the body launches a copy
kernel and returns `torch.relu` of the copy. Through the dispatcher the operator is one torch call, and the op
watch's mode is off while it handles a call, so the relu inside would go unseen.
Source: PyTorch's custom-operator API (torch.library.custom_op) as a way to hide torch compute.
Expected: correctness stage, correctness.torch_compute naming relu: the watch runs the operator's body itself,
watched as forward is.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.torch_compute", "task": "relu", "reason_contains": "relu"}


@triton.jit
def copy_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(y_ptr + offs, tl.load(x_ptr + offs, mask=mask), mask=mask)


@torch.library.custom_op("kpcand::clamp_low_custom", mutates_args=(), device_types="cuda")
def clamp_low(x: torch.Tensor) -> torch.Tensor:
    y = torch.empty_like(x)
    n = x.numel()
    copy_kernel[(triton.cdiv(n, 1024),)](x, y, n, BLOCK=1024)
    return torch.relu(y)


@clamp_low.register_fake
def _(x: torch.Tensor) -> torch.Tensor:
    return torch.empty_like(x)


class ModelNew(nn.Module):
    def forward(self, x):
        return clamp_low(x.contiguous())
