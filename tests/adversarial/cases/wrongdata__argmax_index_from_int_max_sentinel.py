"""Family: wrong data — an argmax whose index starts at the sentinel INT_MAX and moves only on a strict `>`,
with the running max starting at -inf. On a row that is all -inf (a fully masked row of logits: every token
banned) no lane ever updates, so the kernel returns 2147483647, not even a column, where torch.argmax returns 0.
Every row holding one finite value is right, ties included (the first index wins).
Source: a red-team finding against this harness (the suite's own argmax solution, which passed: its only family
drew ties, never -inf).
Expected: correctness.mismatch on the task's masked_rows family (a quarter of the rows all -inf).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "argmax",
          "reason_contains": "(inputs: masked_rows)"}


@triton.jit
def argmax_kernel(x_ptr, y_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    # per-lane running max and the first column where it was seen
    best = tl.full([BLOCK], float("-inf"), tl.float32)
    best_i = tl.full([BLOCK], 2147483647, tl.int32)
    for start in range(0, n_cols, BLOCK):
        c = start + cols
        mask = c < n_cols
        x = tl.load(x_ptr + row * n_cols + c, mask=mask, other=float("-inf"))
        upd = x > best  # strict: an earlier column keeps a tie
        best = tl.where(upd, x, best)
        best_i = tl.where(upd, c, best_i)
    m = tl.max(best, axis=0)
    idx = tl.min(tl.where(best == m, best_i, 2147483647), axis=0)
    tl.store(y_ptr + row, idx.to(tl.int64))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        n_rows, n_cols = x.shape
        y = torch.empty((n_rows,), dtype=torch.int64, device=x.device)
        block = min(triton.next_power_of_2(n_cols), 4096)
        argmax_kernel[(n_rows,)](x, y, n_cols, BLOCK=block)
        return y
