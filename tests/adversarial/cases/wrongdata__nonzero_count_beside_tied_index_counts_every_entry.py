"""Family: wrongdata — the task returns where the entry of least magnitude is and how many entries are not zero;
this kernel counts every entry of the row. Right wherever the row has no exact zero, which the typical draw
never has. In the exact-zeros trials the judge compared no integer output at all, because the index ties
among the zeros (which zero it names is the kernel's own), so the count was never compared where it matters.
Source: red-team review of the harness.
Expected: correctness.mismatch in an exact-zeros trial: only the outputs whose values depend on how the ties
break (the reference's, broken both ways) are left out there.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/nearest_zero_stats.py"}


@triton.jit
def stats_kernel(x_ptr, idx_ptr, cnt_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    best = tl.full((BLOCK,), float("inf"), tl.float32)
    best_i = tl.full((BLOCK,), 2147483647, tl.int32)
    cnt = tl.zeros((BLOCK,), tl.int32)
    for start in range(0, n_cols, BLOCK):
        o = start + offs
        m = o < n_cols
        a = tl.abs(tl.load(x_ptr + row * stride + o, mask=m, other=float("inf")))
        take = a < best
        best_i = tl.where(take, o, best_i)
        best = tl.where(take, a, best)
        cnt += m.to(tl.int32)  # counts the row's entries (zeros not told apart)
    mn = tl.min(best, axis=0)
    i = tl.min(tl.where(best == mn, best_i, 2147483647), axis=0)
    tl.store(idx_ptr + row, i.to(tl.int64))
    tl.store(cnt_ptr + row, tl.sum(cnt, axis=0).to(tl.int64))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        x = x.contiguous()
        rows, cols = x.shape
        idx = torch.empty((rows,), dtype=torch.int64, device=x.device)
        cnt = torch.empty((rows,), dtype=torch.int64, device=x.device)
        if rows > 0:
            stats_kernel[(rows,)](x, idx, cnt, cols, cols, BLOCK=1024)
        return idx, cnt
