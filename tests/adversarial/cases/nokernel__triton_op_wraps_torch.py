"""Family: doing no kernel work — torch's own op inside a custom operator. `torch.library.triton_op` makes a
custom operator of a Python function, meant to launch Triton kernels through `wrap_triton`; this one launches a
copy kernel and then returns `torch.relu` of the copy. Called through the dispatcher, the operator is one torch
call, and the op watch's mode is off while it handles a call: the relu inside would go unseen.
Source: PyTorch's custom-operator API (torch.library.triton_op) as a way to hide torch compute.
Expected: correctness stage, correctness.torch_compute naming relu: the watch runs the operator's body itself,
watched as forward is (also with the static checks off: tests/adversarial/test_adversarial.py).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl
from torch.library import triton_op, wrap_triton

EXPECT = {"stage": "correctness", "check": "correctness.torch_compute", "task": "relu", "reason_contains": "relu"}


@triton.jit
def copy_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(y_ptr + offs, tl.load(x_ptr + offs, mask=mask), mask=mask)


@triton_op("kpcand::clamp_low", mutates_args={})
def clamp_low(x: torch.Tensor) -> torch.Tensor:
    y = torch.empty_like(x)
    n = x.numel()
    wrap_triton(copy_kernel)[(triton.cdiv(n, 1024),)](x, y, n, BLOCK=1024)
    return torch.relu(y)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        return clamp_low(x.contiguous())
