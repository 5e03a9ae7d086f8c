"""Family: wrong data as right — a custom operator declared pure (`mutates_args=()`, returning None) that runs
its kernel into a scratch tensor of its own and then copies that into forward's output, parked in a
module-level slot, with `copy_`. Eagerly right; torch.compile takes the op for pure with no outputs, drops it,
and forward returns the uninitialised buffer.
Source: red-team review — in the body only kernel launches were checked against tensors that are none of the
operator's arguments; a torch write (copy_, fill_, an indexed assignment) was not.
Expected: correctness stage, correctness.undeclared_mutation: every tensor a torch call or a launch in the body
touches that is neither an argument nor made in the body is printed first and checked when the body returns.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.undeclared_mutation', 'task': 'relu',
          'reason_contains': 'none of its arguments'}

SLOT: dict = {}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    tl.store(y_ptr + offs, tl.maximum(tl.load(x_ptr + offs, mask=inside, other=0.0), 0.0), mask=inside)


@torch.library.custom_op("kp_adv::relu_copied_into_the_slot", mutates_args=(), device_types="cuda")
def relu_copied_into_the_slot(x: torch.Tensor) -> None:
    scratch = torch.empty_like(x)
    relu_kernel[(triton.cdiv(x.numel(), 1024),)](x, scratch, x.numel(), BLOCK=1024)
    SLOT["out"].copy_(scratch)


@relu_copied_into_the_slot.register_fake
def _(x: torch.Tensor) -> None:
    return None


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        SLOT["out"] = y
        relu_copied_into_the_slot(x)
        return y
