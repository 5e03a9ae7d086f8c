"""Family: wrong data as right — a row's softmax written to scratch with a relaxed block `tl.atomic_xchg` (used as
a store) and read back mirrored, so that each lane loads what another lane, often of another warp, wrote. Run
in program order it is exact; on a GPU nothing orders the other thread's atomic before this thread's plain
load (a relaxed atomic gets no bar.sync around it, and its release is never acquired), so the load can see the
uninitialised scratch.
Source: red-team review — a block atomic's writes were held against other programs only, never against the
same program's loads, as a plain store's are.
Expected: correctness stage, correctness.race: a load of what another position of the program's block wrote,
with no barrier between (with sem="acq_rel", Triton's default, the compiler puts a bar.sync after the atomic
and the same kernel passes).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'reason_contains': 'at other positions of its block'}


@triton.jit
def softmax_mirrored(x_ptr, y_ptr, s_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride + cols, mask=mask, other=float("-inf"))
    e = tl.exp(x - tl.max(x, axis=0))
    p = e / tl.sum(e, axis=0)
    tl.atomic_xchg(s_ptr + row * stride + cols, p, mask=mask, sem="relaxed")
    mirror = BLOCK - 1 - cols
    back = mirror < n_cols
    tl.store(y_ptr + row * stride + mirror, tl.load(s_ptr + row * stride + mirror, mask=back), mask=back)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        scratch = torch.empty_like(x)
        rows, cols = x.shape
        softmax_mirrored[(rows,)](x, y, scratch, cols, x.stride(0), BLOCK=triton.next_power_of_2(cols))
        return y
