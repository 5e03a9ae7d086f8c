"""Family: memorising — fill a table during the untimed warm-up calls and serve the timed calls from it. With
timed inputs that are rolls of the warm-up's sets, every answer a timed call will need is known in warm-up:
this candidate, at the first two calls on an input address (warm-up, or a correctness trial), also computes the
answers of the inputs rolled by one, and from the third call on (only the timing loop gets there) copies the
precomputed answer out, launching only a copy. Every output it returns is fresh storage and, against that
schedule, right.
Source: a known way to game a harness (predictable timed inputs: warm-up precompute).
Expected: timing stage, correctness.mismatch: warm-up and timed calls each get inputs drawn afresh, so what
warm-up saw predicts nothing.
With everything on, the second-inputs check's extra call at correctness already rejects it; the case runs
with that check off as well, so the timing-stage defence it is about is shown to hold on its own. Where the
allocator hands out one input address a third time across the correctness trials (it may), the table is
served there and the correctness stage rejects it first: either stage is a rejection.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "timing", "check": "correctness.mismatch", "task": "relu", "switch_off": ["second_inputs"],
          "stage_in": ["timing", "correctness"]}


@triton.jit
def relu_rolled(x_ptr, y_ptr, n, shift, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + (offs + n - shift) % n, mask=mask, other=0.0)
    tl.store(y_ptr + offs, tl.maximum(x, 0.0), mask=mask)


@triton.jit
def copy(src_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(y_ptr + offs, tl.load(src_ptr + offs, mask=mask), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.calls, self.table = {}, {}

    def forward(self, x):
        key = x.data_ptr()
        k = self.calls.get(key, 0)
        self.calls[key] = k + 1
        n = x.numel()
        grid = (triton.cdiv(n, 1024),)
        y = torch.empty_like(x)
        if k >= 2 and (key, k) in self.table:
            copy[grid](self.table[(key, k)], y, n, BLOCK=1024)
            return y
        relu_rolled[grid](x, y, n, 0, BLOCK=1024)
        ahead = torch.empty_like(x)  # what call k + 2 will need: this input rolled by one
        relu_rolled[grid](x, ahead, n, 1, BLOCK=1024)
        self.table[(key, k + 2)] = ahead
        return y
