"""Family: wrong data as right — the compaction with block offsets from atomic tickets (as in
compaction_offsets_from_atomic_tickets), with a `while` loop that never runs added to the kernel, so that a
judge which keeps the index order for any kernel with atomics and a `while` gives the tickets out in index
order. The loop waits on nothing (no atomic, no volatile load): the compiler drops it, and on a GPU the tickets
still come back in arrival order.
Source: a decoy spin-wait to keep a sequential program order; own variant.
Expected: correctness.mismatch: only a `while` that reads memory another program writes keeps the index order.
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
    spins = 0
    while (spins < 0) & (n < 0):
        spins += 1
    start = tl.atomic_add(ticket_ptr, tl.sum(flag, axis=0)) + spins
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
