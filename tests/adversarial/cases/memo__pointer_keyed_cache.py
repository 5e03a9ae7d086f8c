"""Family: memorising — outputs cached in a dict keyed by the input's data_ptr(); a harness that
reuses input buffers (most do) gets the stale output.
Source: CUDA-L1 (its first 17.7x mean speedup became 3.12x after fixing this).
Expected: correctness stage. The cached answer is the storage an earlier call returned, so the second call
already fails as correctness.output_reused; without that check, correctness.mismatch on the trial that keeps
the input addresses and refills them with new values.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.output_reused'}


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
        self.cache = {}

    def forward(self, x):
        key = (x.data_ptr(), tuple(x.shape))
        if key not in self.cache:
            y = torch.empty_like(x)
            launch_softmax(x, y)
            self.cache[key] = y
        else:
            launch_softmax(x[:1], torch.empty_like(x[:1]))  # keep launching something
        return self.cache[key]
