"""Family: wrong data as right — a ReLU kernel packaged as a custom operator that writes into its `out`
argument while declaring `mutates_args=()` and returning None. Run eagerly, as the judge runs it, the output
is right; under torch.compile, the reason to package a kernel as a custom operator, the op is taken for pure
with no outputs and is dropped, and forward returns its uninitialised `torch.empty_like`.
Source: red-team review — the judge ran a custom operator's body without holding its writes against its
schema.
Expected: correctness stage, correctness.undeclared_mutation: every tensor argument a custom operator's body
writes must be one its schema marks as written (mutates_args).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.undeclared_mutation', 'task': 'relu',
          'reason_contains': 'writes its argument `out`'}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    tl.store(y_ptr + offs, tl.maximum(tl.load(x_ptr + offs, mask=inside, other=0.0), 0.0), mask=inside)


@torch.library.custom_op("kp_adv::relu_into", mutates_args=(), device_types="cuda")
def relu_into(x: torch.Tensor, out: torch.Tensor) -> None:
    relu_kernel[(triton.cdiv(x.numel(), 1024),)](x, out, x.numel(), BLOCK=1024)


@relu_into.register_fake
def _(x: torch.Tensor, out: torch.Tensor) -> None:
    return None


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        relu_into(x, y)
        return y
