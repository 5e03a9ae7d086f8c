"""Family: wrong data as right — a custom operator declared pure (`mutates_args=()`, returning None) whose body
takes a view of forward's output parked in a module-level slot (`SLOT["out"].view(-1)`) and launches its kernel
into that view. Eagerly right; torch.compile takes the op for pure with no outputs, drops it, and forward
returns the uninitialised buffer.
Source: red-team review — every storage a torch call in the body returned was taken for one the body made,
so the view of the parked tensor became the operator's own to write.
Expected: correctness stage, correctness.undeclared_mutation: only new storages are made in the body; a view
of a tensor the module or the file holds is still that tensor, printed before the body first touches it.
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


@torch.library.custom_op("kp_adv::relu_into_a_view_of_the_slot", mutates_args=(), device_types="cuda")
def relu_into_a_view_of_the_slot(x: torch.Tensor) -> None:
    flat = SLOT["out"].view(-1)
    relu_kernel[(triton.cdiv(x.numel(), 1024),)](x, flat, x.numel(), BLOCK=1024)


@relu_into_a_view_of_the_slot.register_fake
def _(x: torch.Tensor) -> None:
    return None


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        SLOT["out"] = y
        relu_into_a_view_of_the_slot(x)
        return y
