"""Honest: a full sum in one launch where every program folds its partial into a float accumulator with a
relaxed tl.atomic_add, then draws a ticket from an acq_rel counter; the program that draws the last ticket reads
the accumulator back with a plain tl.load (the acquire of its ticket orders the other programs' adds before
it), writes the 0-dim result, and puts the workspace back to zero for the next launch (a plain store on the
accumulator, tl.atomic_xchg on the counter), as split-K and "last block" reductions in public code do. The
workspace comes from torch.zeros."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def sum_with_ticket(x_ptr, acc_ptr, count_ptr, out_ptr, n, n_programs, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    part = tl.sum(tl.load(x_ptr + offs, mask=offs < n, other=0.0), axis=0)
    tl.atomic_add(acc_ptr, part, sem="relaxed")
    ticket = tl.atomic_add(count_ptr, 1, sem="acq_rel")
    if ticket == n_programs - 1:
        total = tl.load(acc_ptr)
        tl.store(out_ptr, total)
        tl.store(acc_ptr, 0.0)
        tl.atomic_xchg(count_ptr, 0)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        flat = x.reshape(-1)
        n = flat.numel()
        BLOCK = 256
        n_programs = triton.cdiv(n, BLOCK)
        acc = torch.zeros(1, device=x.device, dtype=torch.float32)
        count = torch.zeros(1, device=x.device, dtype=torch.int32)
        out = torch.empty((), device=x.device, dtype=torch.float32)
        sum_with_ticket[(n_programs,)](flat, acc, count, out, n, n_programs, BLOCK=BLOCK)
        return out
