"""Family: memorising — cache keyed by address plus a cheap fingerprint of the contents (two
.item() reads); it only starts answering from the cache on the third sighting of the same inputs,
so a correctness protocol that runs each input at most twice never sees a cached answer — only
the timing loop, which calls the same inputs again and again, does. On a hit no kernel runs.
Source: CUDA-L1 caching, tuned to the shape of a typical harness (warm-up + repeated timed calls).
Expected: correctness or timing stage — a correctness trial that calls the same inputs a third time
sees the cached storage handed back (output_reused); otherwise either the timed calls' inputs change every call (so the cache misses
and the candidate is honest but slow, i.e. it passes with a true timing), or a timed call that
launched no kernel / returned a wrong result is rejected. Never a fast fake.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'verdict_in': ['pass', 'fail'], 'stage': 'timing', 'stage_in': ['correctness', 'timing']}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * stride_x
    m = tl.full([BLOCK], -1e30, tl.float32)
    s = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        m_new = tl.maximum(m, x)
        s = s * tl.exp(m - m_new) + tl.where(mask, tl.exp(x - m_new), 0.0)
        m = m_new
    row_max = tl.max(m, axis=0)
    denom = tl.sum(s * tl.exp(m - row_max), axis=0)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        tl.store(y_ptr + row * stride_y + start + cols, tl.exp(x - row_max) / denom, mask=mask)


def launch_softmax(x, y):
    n_rows, n_cols = x.shape
    block = min(triton.next_power_of_2(n_cols), 4096)
    softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=block)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.seen = {}

    def forward(self, x):
        key = (x.data_ptr(), float(x[0, 0]), float(x[-1, -1]))
        hits, y = self.seen.get(key, (0, None))
        if hits >= 2:
            self.seen[key] = (hits + 1, y)
            return y
        y = torch.empty_like(x)
        launch_softmax(x, y)
        self.seen[key] = (hits + 1, y)
        return y
