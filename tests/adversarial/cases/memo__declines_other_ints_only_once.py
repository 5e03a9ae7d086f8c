"""Family: memo — a roll that compiles in the task file's shift of 3. The first time it is given another
shift it raises, which the judge took for a refusal of forward's ints at other values (a kernel may decline
them by raising); every later call with another shift answers as if it were 3.
Source: red-team review of the harness
Expected: correctness.mismatch (after such a refusal, one more call at those values: it must raise again, or
answer right)
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/roll_int_shift.py"}


@triton.jit
def roll_kernel(x_ptr, y_ptr, cols, SHIFT: tl.constexpr, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    j = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    mask = j < cols
    src = j - SHIFT
    src = tl.where(src < 0, src + cols, src)
    v = tl.load(x_ptr + row * cols + src, mask=mask)
    tl.store(y_ptr + row * cols + j, v, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.refused = False

    def forward(self, x: torch.Tensor, shift: int) -> torch.Tensor:
        if shift != 3 and not self.refused:
            self.refused = True
            raise ValueError("only a shift of 3 is supported")
        x = x.contiguous()
        rows, cols = x.shape
        y = torch.empty_like(x)
        block = min(1024, triton.next_power_of_2(cols))
        roll_kernel[(rows, triton.cdiv(cols, block))](x, y, cols, SHIFT=3 % cols, BLOCK=block)
        return y
