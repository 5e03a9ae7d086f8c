"""Family: memo. Two output buffers, allocated once and returned in turn: each call computes its right answer
into the buffer the call before last returned. A check that only remembers the previous call's outputs never
sees the same storage twice in a row, yet `y1 = m(x1); y2 = m(x2); y3 = m(x3)` leaves y1 overwritten, and it is
how a cache would serve stored answers in rotation.
Source: own variant of "outputs reused across calls" .
Expected: correctness.output_reused at the third call: every storage a call returned is known to the runner
(by a weak reference) for as long as it is alive.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.output_reused", "task": "relu"}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(y_ptr + offs, tl.maximum(tl.load(x_ptr + offs, mask=mask, other=0.0), 0.0), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.buffers, self.calls = {}, 0

    def forward(self, x):
        key = (tuple(x.shape), self.calls % 2)
        self.calls += 1
        if key not in self.buffers:
            self.buffers[key] = torch.empty_like(x)
        y = self.buffers[key]
        n = x.numel()
        relu_kernel[(triton.cdiv(n, 1024),)](x, y, n, BLOCK=1024)
        return y
