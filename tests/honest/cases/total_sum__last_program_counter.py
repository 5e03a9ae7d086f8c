"""Honest: a full sum in one launch with the "last program finishes" pattern: each program stores its
partial with a plain store, then takes a ticket with tl.atomic_add on a counter (acq_rel); the program that
draws the last ticket reads every partial and writes the 0-dim result. The counter is an int32 zero buffer
from torch.zeros."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def sum_last_program(x_ptr, part_ptr, count_ptr, out_ptr, n, n_parts, BLOCK: tl.constexpr, PARTS: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs, mask=offs < n, other=0.0)
    tl.store(part_ptr + pid, tl.sum(x, axis=0))
    ticket = tl.atomic_add(count_ptr, 1, sem="acq_rel")
    if ticket == n_parts - 1:
        p_offs = tl.arange(0, PARTS)
        parts = tl.load(part_ptr + p_offs, mask=p_offs < n_parts, other=0.0)
        tl.store(out_ptr, tl.sum(parts, axis=0))


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n = x.numel()
        BLOCK = 1024
        n_parts = triton.cdiv(n, BLOCK)
        parts = torch.empty(n_parts, device=x.device, dtype=torch.float32)
        count = torch.zeros(1, device=x.device, dtype=torch.int32)
        out = torch.empty((), device=x.device, dtype=torch.float32)
        sum_last_program[(n_parts,)](x, parts, count, out, n, n_parts, BLOCK=BLOCK,
                                     PARTS=triton.next_power_of_2(n_parts))
        return out
