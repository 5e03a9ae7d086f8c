"""Family: wrong data as right — an in-place shift within one program (`y[i] = s * y[i+1]`) with a `tl.sum` of
an unrelated 16-entry vector between the loads and the store, for `s`. A reduction across warps is a bar.sync,
which orders the loads before the store; this one fits in a warp (shuffles, no bar.sync), so nothing orders
another thread's load of y[i+1] before the store over it.
Source: honest-kernel prober round 3 (a probe of the write-after-read rule: any reduction had cleared it).
Expected: correctness stage, correctness.race: only a whole reduction of at least 32 elements per warp counts
as a barrier.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'task': 'tests/adversarial/tasks/shift_scale.py', 'stage': 'correctness', 'check': 'correctness.race',
          'reason_contains': 'write-after-read'}


@triton.jit
def shift_kernel(y_ptr, w_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    for start in range(0, n - 1, BLOCK):
        i = start + offs
        inside = i < n - 1
        nxt = tl.load(y_ptr + i + 1, mask=inside, other=0.0)
        s = tl.sum(tl.load(w_ptr + tl.arange(0, 16)), 0)
        tl.store(y_ptr + i, nxt * s, mask=inside)
    last = tl.load(y_ptr + n - 1)
    s = tl.sum(tl.load(w_ptr + tl.arange(0, 16)), 0)
    tl.store(y_ptr + n - 1, last * s)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        y = x.contiguous().clone()
        shift_kernel[(1,)](y, w.contiguous(), y.numel(), BLOCK=1024, num_warps=4)
        return y
