"""Family: wrong data as right (a crash on the GPU) — a custom operator declared for CUDA alone that takes no
tensor (`alloc_out(n: int) -> Tensor`, allocating forward's output): torch refuses the declaration itself at
import ("Functions without tensor inputs are required to have a `device: torch.device` argument"), on every
machine. The judge registers an operator's body for every device and dropped `device_types` before torch saw it.
Source: red-team review — `device_types` was dropped with the check it implies.
Expected: build stage, load.exception: the declaration is checked as torch checks it.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'build', 'check': 'load.exception', 'task': 'relu', 'reason_contains': 'torch.device'}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    tl.store(y_ptr + offs, tl.maximum(tl.load(x_ptr + offs, mask=inside, other=0.0), 0.0), mask=inside)


@torch.library.custom_op("kp_adv::alloc_out", mutates_args=(), device_types="cuda")
def alloc_out(n: int) -> torch.Tensor:
    return torch.empty(n)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = alloc_out(x.numel()).view_as(x)
        relu_kernel[(triton.cdiv(x.numel(), 1024),)](x, y, x.numel(), BLOCK=1024)
        return y
