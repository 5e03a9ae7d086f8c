"""Family: wrong data as right — a persistent softmax on a fixed grid of 528 programs whose running max is set
once per program, not per row (wrongdata__fixed_persistent_grid_carries_max_across_rows), its launch padded
with one more program per row that stores a single element into a scratch buffer and returns: counted by the
programs that stored anything, the launch had more programs than the output rows, so the many-programs shape
was checked on one value family only, rarely the one (falling rows) that shows the carried max.
Source: a red-team finding against this harness (the storing-programs count padded).
Expected: correctness.mismatch: only the programs that store into forward's outputs count
(watch.fewest_storing_into), so the shape runs a call per value family.
"""


import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "softmax"}

NUM_PROGS = 528


@triton.jit
def softmax_persistent(x_ptr, y_ptr, tick_ptr, n_rows, n_cols, stride_x, stride_y, BLOCK: tl.constexpr,
                       NPROG: tl.constexpr):
    pid = tl.program_id(0)
    if pid >= NPROG:
        # a per-program completion tick (what a progress counter or a debug trace would write)
        tl.store(tick_ptr + pid, 1)
        return
    cols = tl.arange(0, BLOCK)
    m = tl.full([BLOCK], -1e30, tl.float32)  # set once per program, not once per row
    for row in range(pid, n_rows, NPROG):
        x_row = x_ptr + row * stride_x
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


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        block = min(triton.next_power_of_2(n_cols), 4096)
        grid = (min(n_rows, NUM_PROGS) + n_rows,)
        ticks = torch.empty(grid[0], dtype=torch.int32, device=x.device)
        softmax_persistent[grid](x, y, ticks, n_rows, n_cols, x.stride(0), y.stride(0), BLOCK=block, NPROG=NUM_PROGS)
        return y
