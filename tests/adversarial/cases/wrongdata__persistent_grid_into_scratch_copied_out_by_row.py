"""Family: wrong data as right — the persistent softmax on 528 programs that carries a row's max into the next
row it takes (wrongdata__fixed_persistent_grid_carries_max_across_rows), writing into a scratch buffer that a
second launch, one program per row, copies into the output: counted by the programs that stored into the
outputs, every launch had as many programs as rows.
Source: a red-team finding against this harness (the storing-programs count taken over the outputs only).
Expected: correctness.mismatch: the count is the smaller of the programs that stored anything and those that
stored into the outputs, per launch (watch.fewest_storing_into), so the many-programs shape runs a call per
value family.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "softmax"}

NUM_PROGS = 528


@triton.jit
def softmax_persistent(x_ptr, y_ptr, n_rows, n_cols, stride_x, stride_y, BLOCK: tl.constexpr,
                       NPROG: tl.constexpr):
    pid = tl.program_id(0)
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


@triton.jit
def copy_rows(src_ptr, dst_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        tl.store(dst_ptr + row * n_cols + start + cols, tl.load(src_ptr + row * n_cols + start + cols, mask=mask),
                 mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        block = min(triton.next_power_of_2(n_cols), 4096)
        grid = (min(n_rows, NUM_PROGS),)
        t = torch.empty_like(x)  # the persistent kernel writes a scratch buffer ...
        softmax_persistent[grid](x, t, n_rows, n_cols, x.stride(0), t.stride(0), BLOCK=block, NPROG=NUM_PROGS)
        copy_rows[(n_rows,)](t, y, n_cols, BLOCK=block)  # ... which a launch of one program per row copies out
        return y
