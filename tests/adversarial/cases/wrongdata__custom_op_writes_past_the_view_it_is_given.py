"""Family: wrong data as right — a custom operator declared pure (`mutates_args=()`, returning None) is given
`buf[n:]`, a one-element view of the spare last element of an n + 1 element buffer, and its kernel stores at
negative offsets from that pointer, filling `buf[:n]`, which forward returns. The one element the view covers
is never written. Eagerly right; torch.compile drops the op (pure, no outputs), and forward returns the
untouched buffer.
Source: red-team review — a custom operator's arguments were fingerprinted over the views given, not their
storages.
Expected: correctness stage, correctness.undeclared_mutation: the whole storage of an argument the schema
leaves alone is fingerprinted around the body.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.undeclared_mutation', 'task': 'relu',
          'reason_contains': 'writes its argument `tail`'}


@triton.jit
def relu_before(x_ptr, tail_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    tl.store(tail_ptr - n + offs, tl.maximum(tl.load(x_ptr + offs, mask=inside, other=0.0), 0.0), mask=inside)


@torch.library.custom_op("kp_adv::relu_before_tail", mutates_args=(), device_types="cuda")
def relu_before_tail(x: torch.Tensor, tail: torch.Tensor) -> None:
    relu_before[(triton.cdiv(x.numel(), 1024),)](x, tail, x.numel(), BLOCK=1024)


@relu_before_tail.register_fake
def _(x: torch.Tensor, tail: torch.Tensor) -> None:
    return None


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        n = x.numel()
        buf = torch.empty(n + 1, dtype=x.dtype, device=x.device)
        relu_before_tail(x, buf[n:])
        return buf[:n].view(x.shape)
