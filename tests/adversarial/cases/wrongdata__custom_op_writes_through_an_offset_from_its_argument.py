"""Family: wrong data as right — a custom operator declared pure (`mutates_args=()`, returning None) that is given
only the input and an integer: the element distance from the input to forward's output. Its kernel loads from
the input and stores at `x_ptr + delta`, which is the output. Eagerly right; torch.compile takes the op for
pure with no outputs, drops it, and forward returns the uninitialised output.
Source: red-team review — the body's undeclared writes were looked for in the tensors it touched; this one
touches none but its input, and the store lands inside another live allocation, past every guard band.
Expected: correctness stage, correctness.undeclared_mutation: in a custom operator's body every store and
atomic a kernel makes must fall in memory the body holds (its arguments, what it made, what it touched).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.undeclared_mutation', 'task': 'relu',
          'reason_contains': 'none of the tensors'}


@triton.jit
def relu_at_a_distance(x_ptr, n, delta, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    v = tl.load(x_ptr + offs, mask=inside, other=0.0)
    tl.store(x_ptr + delta + offs, tl.maximum(v, 0.0), mask=inside)


@torch.library.custom_op("kp_adv::relu_at_a_distance", mutates_args=(), device_types="cuda")
def relu_op(x: torch.Tensor, delta: int) -> None:
    relu_at_a_distance[(triton.cdiv(x.numel(), 1024),)](x, x.numel(), delta, BLOCK=1024)


@relu_op.register_fake
def _(x: torch.Tensor, delta: int) -> None:
    return None


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        relu_op(x, (y.data_ptr() - x.data_ptr()) // x.element_size())
        return y
