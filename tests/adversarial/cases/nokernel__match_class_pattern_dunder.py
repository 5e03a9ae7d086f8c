"""Family: doing no kernel work — a class pattern reads an attribute by name with no attribute expression in
the source: `match F.softmax: case object(__globals__=g)` yields the function's module globals, and from them
an import machinery that reaches the harness's op watch, which is then told a kernel is running while torch
computes the softmax. Every rule about attributes (dunders, privates, the allow-list) is keyed on `x.attr`.
Source: PEP 634 class patterns (keyword patterns read attributes with getattr); own variant.
Expected: static stage, static.forbidden_call (class patterns with keywords read attributes by name).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.forbidden_call', 'reason_contains': 'class pattern'}


@triton.jit
def copy_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    tl.store(y_ptr + offs, tl.load(x_ptr + offs, mask=m), mask=m)


def op_watch():
    match F.softmax:
        case object(__globals__=g):
            loader = g["importlib"]
    return loader.import_module("kernelpilot.sandbox.watch").LaunchCounter.current


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        w = op_watch()
        w._in_kernel = 1
        y = torch.softmax(x, dim=-1)
        w._in_kernel = 0
        n = y.numel()
        copy_kernel[(triton.cdiv(n, 1024),)](y, y, n, BLOCK=1024)
        return y
