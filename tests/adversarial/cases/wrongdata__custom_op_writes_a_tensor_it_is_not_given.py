"""Family: wrong data as right — two ways for a custom operator declared pure (`mutates_args=()`, returning
None) to fill forward's output anyway: its kernel writes a tensor forward parked in a module-level slot (not an
argument at all), or writes past a one-element view of the output's buffer that it was given. Eagerly both are
right; torch.compile takes such an op for pure with no outputs and drops it, and forward returns the
uninitialised buffer.
Source: red-team review — only the views the operator was given were fingerprinted around its body.
Expected: correctness stage, correctness.undeclared_mutation: the whole storage of each argument its schema
leaves alone is fingerprinted, and so is every tensor a launch in its body gets that is none of its arguments
and was not made in the body.
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


@torch.library.custom_op("kp_adv::relu_into_slot", mutates_args=(), device_types="cuda")
def relu_into_slot(x: torch.Tensor) -> None:
    relu_kernel[(triton.cdiv(x.numel(), 1024),)](x, SLOT["out"], x.numel(), BLOCK=1024)


@relu_into_slot.register_fake
def _(x: torch.Tensor) -> None:
    return None


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        SLOT["out"] = y
        relu_into_slot(x)
        return y
