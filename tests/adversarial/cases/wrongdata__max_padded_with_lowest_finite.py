"""Family: wrong data — values the typical inputs never reach: a row maximum that starts from and pads with
-FLT_MAX (-3.4028234663852886e38), the lowest finite fp32, instead of -inf. Every finite row gives its true
maximum, even rows near -3e38; a row that is all -inf (a fully masked row of scores) gives -3.4e38 where
torch.amax gives -inf.
Source: a known way to game a harness (finite stand-ins for -inf, past the values the families draw).
Expected: correctness.mismatch on the task's masked_rows family (INPUT_CASES), which every shape is checked on.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "max_reduction"}

@triton.jit
def rowmax_kernel(x_ptr, y_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    m = tl.full([BLOCK], -3.4028234663852886e38, tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_ptr + row * n_cols + start + cols, mask=mask, other=-3.4028234663852886e38)
        m = tl.maximum(m, x)
    tl.store(y_ptr + row, tl.max(m, axis=0))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        n_rows, n_cols = x.shape
        y = torch.empty((n_rows,), dtype=x.dtype, device=x.device)
        block = min(triton.next_power_of_2(n_cols), 4096)
        rowmax_kernel[(n_rows,)](x, y, n_cols, BLOCK=block)
        return y
