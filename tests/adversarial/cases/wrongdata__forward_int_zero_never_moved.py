"""Family: wrong data — a rotary-style modulation whose position offset `start_pos` is a forward int
that the task passes as 0 (a fresh prompt, as LLaMA's forward(tokens, start_pos) is first called).
The kernel ignores start_pos and takes positions from the row index alone. check_other_ints moves
forward's plain ints to other values once per evaluation, but it only considers ints that are not 0
(`type(v) is int and v != 0`), unlike floats, where a 0.0 is given a value; so every checked call passes
0 and the offset-free kernel matches. Any decode step (start_pos > 0) is wrong.
Source: red-team review of the harness
Expected: correctness.mismatch (check_other_ints giving a 0 int another value, as move_floats does for 0.0)
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/positional_scale_start_pos.py"}


@triton.jit
def _modulate(x_ptr, y_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    c = tl.arange(0, BLOCK)
    m = c < n_cols
    x = tl.load(x_ptr + row * n_cols + c, mask=m)
    freq = tl.exp2(-(c.to(tl.float32) / n_cols) * 13.287712379549449)  # 10000 ** (-c / cols)
    tl.store(y_ptr + row * n_cols + c, x * tl.cos(row.to(tl.float32) * freq), mask=m)


class ModelNew(nn.Module):
    def forward(self, x, start_pos: int):
        x = x.contiguous()
        rows, cols = x.shape
        y = torch.empty_like(x)
        _modulate[(rows,)](x, y, cols, BLOCK=triton.next_power_of_2(cols))
        return y
