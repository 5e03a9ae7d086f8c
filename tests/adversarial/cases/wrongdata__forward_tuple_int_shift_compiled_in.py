"""Family: wrong data — a roll whose shift reaches forward as a one-element tuple `(3,)`; the kernel compiles
in 3. Only plain ints were moved in the one call per evaluation with forward's ints at other values, so every
call passed (3,). Any other shift is wrong.
Source: red-team review of the harness
Expected: correctness.mismatch (check_other_ints moves the ints in forward's tuples and lists too)
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/roll_tuple_flag_offset.py"}


@triton.jit
def _roll(x_ptr, y_ptr, off_ptr, n_cols, shift, sign, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    c = tl.arange(0, BLOCK)
    m = c < n_cols
    src = (c - shift) % n_cols
    src = tl.where(src < 0, src + n_cols, src)
    x = tl.load(x_ptr + row * n_cols + src, mask=m)
    off = tl.load(off_ptr).to(tl.float32)
    tl.store(y_ptr + row * n_cols + c, sign * (x + off), mask=m)


class ModelNew(nn.Module):
    def forward(self, x, shifts, negate, offset):
        x = x.contiguous()
        rows, cols = x.shape
        y = torch.empty_like(x)
        _roll[(rows,)](x, y, offset, cols, 3, -1.0 if negate else 1.0, BLOCK=triton.next_power_of_2(cols))
        return y
