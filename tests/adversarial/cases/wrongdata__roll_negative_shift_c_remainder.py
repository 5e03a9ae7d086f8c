"""Family: wrong data as right — torch.roll along the last dimension by a forward int `shift`, with the wrap done
as "s = shift % cols; src = j - s; if src < 0: src += cols". Triton's integer % is C's remainder (the sign
of the dividend, on a GPU and as the judge's interpreter computes it), so for a negative shift (torch.roll(x,
-1), a left rotation, as common as a right one) s stays negative and src = j + |s| runs past the end of the
row: the last |s| elements of each row come from the next row (or from past the tensor on the last row). It passed a judge that moved forward's int argument only by a factor in
[0.5, 1.5] of the task's literal 3 (so 2..5): never negative.
Source: red-team review of the harness
Expected: correctness.out_of_bounds_read or correctness.mismatch: one call per evaluation gives forward's moved arguments the other sign where the reference takes it (judge.check_other_floats)
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.out_of_bounds_read", "check_in": ["correctness.out_of_bounds_read", "correctness.mismatch"], "task": "tests/honest/tasks/roll_int_shift.py"}


@triton.jit
def roll_kernel(x_ptr, y_ptr, cols, shift, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    blk = tl.program_id(1)
    j = blk * BLOCK + tl.arange(0, BLOCK)
    mask = j < cols
    s = shift % cols                      # C remainder on the GPU: keeps the sign of shift
    src = j - s
    src = tl.where(src < 0, src + cols, src)
    v = tl.load(x_ptr + row * stride_x + src, mask=mask)
    tl.store(y_ptr + row * stride_y + j, v, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor, shift: int) -> torch.Tensor:
        x = x.contiguous()
        rows, cols = x.shape
        y = torch.empty_like(x)
        BLOCK = 1024
        roll_kernel[(rows, triton.cdiv(cols, BLOCK))](x, y, cols, shift, x.stride(0), y.stride(0), BLOCK=BLOCK)
        return y
