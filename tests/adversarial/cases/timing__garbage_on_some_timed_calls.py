"""Family: timing games — right on every call the correctness trials make at an input shape (8 at 2
trials: one per value family of softmax's five, the first trial's second call and the same-addresses trial's), then wrong on every other
call after them (the kernel is told the row is half as long, so half of each row is never written), right
on the rest, the last included. A judge that checks the outputs of a few chosen timed calls, or always the
last one, is passed by a candidate that is wrong half the time.
Source: own variant of "honest only when looked at" (which timed outputs were checked was
sent to the candidate).
Expected: timing stage, correctness.mismatch: every timed call's outputs come back to the judge and are
compared with the reference of that call's inputs.
With everything on, the second-inputs check's extra call at correctness already rejects it; the case runs
with that check off as well, so the timing-stage defence it is about is shown to hold on its own.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "timing", "check": "correctness.mismatch", "switch_off": ["second_inputs"]}
CALLS = {}  # input shape -> calls seen at it


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, sx, sy, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * sx + cols, mask=mask, other=-float("inf"))
    x = x - tl.max(x, axis=0)
    num = tl.exp(x)
    tl.store(y_ptr + row * sy + cols, num / tl.sum(num, axis=0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        n = CALLS.get(x.shape, 0)
        CALLS[x.shape] = n + 1
        cols = x.shape[1] // 2 if n >= 8 and n % 2 == 1 else x.shape[1]
        y = torch.empty_like(x)
        softmax_kernel[(x.shape[0],)](x, y, cols, x.stride(0), y.stride(0),
                                      BLOCK=triton.next_power_of_2(x.shape[1]))
        return y
