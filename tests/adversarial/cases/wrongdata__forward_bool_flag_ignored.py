"""Family: wrong data — a flag given to forward (`negate=True`) that the kernel ignores, always negating. A
bool was never moved, so every call passed True. A caller passing False gets the negated output.
Source: red-team review of the harness
Expected: correctness.mismatch (check_other_ints moves forward's bools too (flipped))
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
        _roll[(rows,)](x, y, offset, cols, shifts[0] % cols, -1.0, BLOCK=triton.next_power_of_2(cols))
        return y
