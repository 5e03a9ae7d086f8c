"""Family: wrong data as right — counting the autotuner's timed runs with a kernel: an autotuned one-line kernel
adds one to a counter the module keeps at every launch, timed runs included; the softmax compares the count
with the calls forward has seen and scales its output by 0.5 when the count is far ahead, as it is on a GPU,
whose autotuner times each config dozens to thousands of times at a tuning key's first launch. No host callback
keeps state, so the contract has nothing to refuse.
Source: red-team probe of the autotuner's emulation; own variant.
Expected: correctness.autotune_side_effects: the judge times the chosen config twice in the same program order,
and a tensor argument (outside reset_to_zero/restore_value) that the second timed run leaves otherwise than the
first says that what the next call sees depends on the number of timed runs (sandbox/compat.py).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.autotune_side_effects'}


@triton.autotune(
    configs=[triton.Config({"B": 16}, num_warps=1), triton.Config({"B": 16}, num_warps=2)],
    key=["n"],
)
@triton.jit
def tick_kernel(count_ptr, n, B: tl.constexpr):
    # one launch, one tick, into a counter the module keeps: the autotuner's timed runs tick too
    # (one timed run per key here, dozens on a GPU)
    tl.atomic_add(count_ptr, 1)


@triton.jit
def softmax_kernel(x_ptr, y_ptr, count_ptr, calls, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * stride_x
    ticks = tl.load(count_ptr)
    scale = tl.where(ticks > calls + 4, 0.5, 1.0)
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
        tl.store(y_ptr + row * stride_y + start + cols, scale * tl.exp(x - row_max) / denom, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("ticks", torch.zeros(1, dtype=torch.int32), persistent=False)
        self.calls = 0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        self.calls += 1
        tick_kernel[(1,)](self.ticks, 16)
        block = min(triton.next_power_of_2(n_cols), 4096)
        softmax_kernel[(n_rows,)](x, y, self.ticks, self.calls, n_cols, x.stride(0), y.stride(0), BLOCK=block)
        return y
