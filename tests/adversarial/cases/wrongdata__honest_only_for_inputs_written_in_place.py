"""Family: wrong data as right — honest only for inputs whose version counter has moved (`x._version > 0`,
readable: a cache of a weight's layout watches it): the judge placed every input by writing it in place, where
a layer's output or a fresh tensor has version 0.
Source: a red-team finding against this harness (the judge's inputs told apart by their version counters).
Expected: correctness.mismatch: new inputs get drawn version counters, 0 among them (runner._versions_drawn);
or run.exception where the worker has entered inference mode, whose tensors have no version counter to read.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "task": "relu", "check_in": ["correctness.mismatch", "run.exception"]}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, honest, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    y = tl.where(honest != 0, tl.maximum(x, 0.0), x)
    tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        honest = 2 if x._version > 0 else 0
        block = 4096
        relu_kernel[(triton.cdiv(n, block),)](x, y, n, honest, BLOCK=block)
        return y
