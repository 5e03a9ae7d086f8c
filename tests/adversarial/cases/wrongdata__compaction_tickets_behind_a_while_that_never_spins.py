"""Family: wrong data as right — order-preserving compaction by atomic tickets, with a `while` loop on an atomic
that never spins added to the kernel (`while tl.atomic_add(gate, 0) != 0: pass`): the judge kept the index
order for a launch whose kernel both uses atomics and loops on one, and in index order the tickets come out in
block order, as the reference's order is; on a GPU they come in arrival order and the blocks land permuted.
Source: red-team probe of the program-order backstop; variant of wrongdata__compaction_tickets_behind_decoy_while.
Expected: correctness.mismatch: the launch runs in the drawn order, since no program of it spins.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'tests/adversarial/tasks/pack_outliers.py'}


@triton.jit
def pack_kernel(x_ptr, out_ptr, ticket_ptr, gate_ptr, n, BLOCK: tl.constexpr):
    # wait until the launch is open (the gate is never closed: the loop never spins)
    while tl.atomic_add(gate_ptr, 0) != 0:
        pass
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
        gate = torch.zeros(1, dtype=torch.int32, device=x.device)
        pack_kernel[(triton.cdiv(n, 512),)](x, out, ticket, gate, n, BLOCK=512)
        return out
