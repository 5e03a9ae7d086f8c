"""Family: wrong data as right — a full sum whose programs each fold their partial into a running total with
tl.atomic_add, and then overwrite the 0-dim output with tl.atomic_xchg of the running total they saw plus their
own part (as int32 bits). Only the program whose add came last holds the whole sum, and the output is right only if its xchg
also lands last. The interpreter runs a launch with atomics in program order, so the highest program is last in
both and the sum is exact; on a GPU the xchgs land in any order and the output is often a partial sum. The
race check recorded plain stores only, so atomic puts of different values by several programs went unseen.
Source: red-team round 4 (a09, "atomic_xchg last writer"), rewritten.
Expected: correctness stage, correctness.race: two programs' atomic writes to one element whose result depends
on their order (puts of different values, or a put beside a combine), with no release/acquire ordering them.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'tests/honest/tasks/total_sum.py',
          'reason_contains': 'depends on their order'}


@triton.jit
def running_total_kernel(x_ptr, total_ptr, out_bits_ptr, n, BLOCK: tl.constexpr):
    start = tl.program_id(0) * BLOCK
    idx = start + tl.arange(0, BLOCK)
    chunk = tl.sum(tl.load(x_ptr + idx, mask=idx < n, other=0.0), axis=0)
    seen = tl.atomic_add(total_ptr, chunk)  # the total before this program's chunk
    tl.atomic_xchg(out_bits_ptr, (seen + chunk).to(tl.int32, bitcast=True))  # right only when it lands last


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        flat = x.reshape(-1)
        block = 512
        total = torch.zeros(1, device=x.device, dtype=torch.float32)
        out = torch.zeros((), device=x.device, dtype=torch.float32)
        running_total_kernel[(triton.cdiv(flat.numel(), block),)](flat, total, out.view(torch.int32), flat.numel(),
                                                                  BLOCK=block)
        return out
