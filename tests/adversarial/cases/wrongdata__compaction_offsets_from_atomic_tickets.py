"""Family: wrong data as right — an order-preserving stream compaction in which each program takes the offset
of its block's survivors from one `tl.atomic_add` on a counter, with no look-back. Run one program after another
in index order, the tickets come out in index order and so does the output; on a GPU the programs run at the same
time and the tickets come back in arrival order, so the blocks land permuted.
Source: an atomic ticket taken for an order that only sequential execution gives; own variant.
Expected: correctness.mismatch: a launch with atomics and no spin-wait runs its programs in an order the judge
draws, as any other launch.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'tests/adversarial/tasks/pack_outliers.py'}


@triton.jit
def pack_kernel(x_ptr, out_ptr, ticket_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    x = tl.load(x_ptr + offs, mask=inside, other=0.0)
    keep = (tl.abs(x) > 1.0) & inside
    flag = keep.to(tl.int32)
    start = tl.atomic_add(ticket_ptr, tl.sum(flag, axis=0))
    tl.store(out_ptr + start + tl.cumsum(flag, axis=0) - flag, x, mask=keep)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n = x.numel()
        out = torch.zeros_like(x)
        ticket = torch.zeros(1, dtype=torch.int32, device=x.device)
        pack_kernel[(triton.cdiv(n, 512),)](x, out, ticket, n, BLOCK=512)
        return out
