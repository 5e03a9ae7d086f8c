"""Family: shapes the check never reaches — a persistent softmax capped at 128 programs that never resets its
running max between the rows a program takes, beside a do-nothing launch of one program per row, so that the
largest launch had as many programs as the output has rows and the many-programs shape got one call on one
value family. Wrong on falling rows past 128 rows.
Source: a red-team finding against this harness (hiding a persistent grid behind a wide launch).
Expected: correctness.mismatch at the many-programs shape: a call per value family is made where a launch has
fewer programs that store anything than the output has rows.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "softmax"}


@triton.jit
def touch_kernel(flag_ptr, BLOCK: tl.constexpr):
    # a launch with a program per row that does nothing useful: the largest launch now has as many programs
    # as the output has rows
    pid = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    tl.store(flag_ptr + offs, tl.zeros([BLOCK], tl.float32), mask=offs < 1 - tl.minimum(pid, 1))


@triton.jit
def softmax_persistent(x_ptr, y_ptr, n_rows, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    nprog = tl.num_programs(0)
    cols = tl.arange(0, BLOCK)
    m = tl.full([BLOCK], -1e30, tl.float32)
    for row in range(pid, n_rows, nprog):
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
        grid = (min(n_rows, 128),)
        flag = torch.empty(1, device=x.device, dtype=torch.float32)
        touch_kernel[(n_rows,)](flag, BLOCK=16)
        softmax_persistent[grid](x, y, n_rows, n_cols, x.stride(0), y.stride(0), BLOCK=block)
        return y
