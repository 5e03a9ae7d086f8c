"""Family: memorising — recognise a timed input as a cheap transform of one seen before, and update the old
answer instead of computing. A harness whose timed call i runs on input set i mod V rolled by i div V makes
call i's input the roll of call i - V's, and for an elementwise operator relu(roll(x)) = roll(relu(x)), so the
answer two calls back, rolled by one, is right. This candidate computes honestly until an input address has
been seen twice (the timing loop keeps its argument buffers; correctness trials see an address at most twice),
then only rolls the answer of two calls back (with a kernel: the launches and every output stay legal).
Source: a known way to game a harness (predictable timed inputs: incremental update of rolled inputs).
Expected: timing stage, correctness.mismatch: every call's inputs are drawn afresh, so no timed input is a roll
of an earlier one.
With everything on, the second-inputs check's extra call at correctness already rejects it; the case runs
with that check off as well, so the timing-stage defence it is about is shown to hold on its own.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

# packed correctness calls may reuse the last inputs' address; and where the roll runs over an answer in place,
# its own shift is a race between the kernel's threads, which the race check may see before a wrong answer shows
EXPECT = {"stage": "timing", "check": "correctness.mismatch", "task": "relu", "switch_off": ["second_inputs"],
          "stage_in": ["timing", "correctness"], "check_in": ["correctness.mismatch", "correctness.race"]}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(y_ptr + offs, tl.maximum(tl.load(x_ptr + offs, mask=mask, other=0.0), 0.0), mask=mask)


@triton.jit
def roll_by_one(src_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(y_ptr + offs, tl.load(src_ptr + (offs + n - 1) % n, mask=mask), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.history = {}  # input address -> the answers given at it, in order

    def forward(self, x):
        seen = self.history.setdefault(x.data_ptr(), [])
        y = torch.empty_like(x)
        n = x.numel()
        if len(seen) >= 2:
            roll_by_one[(triton.cdiv(n, 1024),)](seen[-2], y, n, BLOCK=1024)
        else:
            relu_kernel[(triton.cdiv(n, 1024),)](x, y, n, BLOCK=1024)
        seen.append(y.clone())  # a copy: the returned storage itself is never handed out twice
        return y
