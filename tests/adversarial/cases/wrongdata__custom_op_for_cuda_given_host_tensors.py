"""Family: wrong data as right (a crash on the GPU) — a custom operator declared for CUDA alone, given only a
tensor made with no device (`torch.tensor(x.shape)`, in host memory on the GPU too), for which the GPU's
dispatcher finds no kernel at every call ("Could not run ... with arguments from the 'CPU' backend"). The judge
registers an operator's body for every device (its host stands for the GPU), which skipped that.
Source: red-team review — `device_types` was dropped with nothing of what it implies kept.
Expected: correctness stage, run.exception: a CUDA-only operator given only host tensors raises as the GPU's
dispatcher does.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'run.exception', 'task': 'relu', 'reason_contains': "'CPU' backend"}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    tl.store(y_ptr + offs, tl.maximum(tl.load(x_ptr + offs, mask=inside, other=0.0), 0.0), mask=inside)


@torch.library.custom_op("kp_adv::empty_of_sizes", mutates_args=(), device_types="cuda")
def empty_of_sizes(sizes: torch.Tensor) -> torch.Tensor:
    return torch.empty(sizes.tolist(), device=sizes.device)


@empty_of_sizes.register_fake
def _(sizes: torch.Tensor) -> torch.Tensor:
    return torch.empty(sizes.tolist(), device=sizes.device)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = empty_of_sizes(torch.tensor(x.shape)).view_as(x)
        relu_kernel[(triton.cdiv(x.numel(), 1024),)](x, y, x.numel(), BLOCK=1024)
        return y
