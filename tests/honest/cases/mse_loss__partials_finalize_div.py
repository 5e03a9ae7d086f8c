"""Honest: mean squared error in two launches: each program of a fixed-size grid sums (a - b)^2 over a
grid-stride loop (tl.num_programs) into its slot of a partials buffer made by torch.zeros(..., device=),
then a one-program finalize kernel sums the partials and divides by n into a 0-dim output."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def sq_diff_partials(a_ptr, b_ptr, part_ptr, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    acc = tl.zeros((BLOCK,), dtype=tl.float32)
    for start in range(pid * BLOCK, n, tl.num_programs(0) * BLOCK):
        offs = start + tl.arange(0, BLOCK)
        mask = offs < n
        d = tl.load(a_ptr + offs, mask=mask, other=0.0) - tl.load(b_ptr + offs, mask=mask, other=0.0)
        acc += d * d
    tl.store(part_ptr + pid, tl.sum(acc, axis=0))


@triton.jit
def finalize_mean(part_ptr, out_ptr, n_parts, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    p = tl.load(part_ptr + offs, mask=offs < n_parts, other=0.0)
    tl.store(out_ptr, tl.sum(p, axis=0) / n)


class ModelNew(nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        n = a.numel()
        BLOCK = 512
        n_parts = max(1, min(32, triton.cdiv(n, BLOCK)))
        parts = torch.zeros(n_parts, device=a.device, dtype=torch.float32)
        out = a.new_zeros(())
        sq_diff_partials[(n_parts,)](a.reshape(-1), b.reshape(-1), parts, n, BLOCK=BLOCK)
        finalize_mean[(1,)](parts, out, n_parts, n, BLOCK=triton.next_power_of_2(n_parts))
        return out
