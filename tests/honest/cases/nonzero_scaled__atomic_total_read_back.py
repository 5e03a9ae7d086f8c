"""Honest: compaction of indices, as nonzero is written in Triton: per-block counts stored plainly and also
summed into a zeroed total with tl.atomic_add; a one-program exclusive scan of the block counts; the host
reads the total with int() to size the output and skips the scatter launch when nothing is selected. Scaled by
a learned per-entry vector in the kernels."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def count_kernel(x_ptr, s_ptr, counts_ptr, total_ptr, n, thr, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs, mask=offs < n, other=float("-inf")) * tl.load(s_ptr + offs, mask=offs < n, other=1.0)
    c = tl.sum((x > thr).to(tl.int32), axis=0)
    tl.store(counts_ptr + pid, c)
    tl.atomic_add(total_ptr, c.to(tl.int64))


@triton.jit
def exclusive_scan_kernel(counts_ptr, starts_ptr, nblocks, CHUNK: tl.constexpr):
    carry = tl.zeros((), dtype=tl.int64)
    for start in range(0, nblocks, CHUNK):
        offs = start + tl.arange(0, CHUNK)
        c = tl.load(counts_ptr + offs, mask=offs < nblocks, other=0).to(tl.int64)
        tl.store(starts_ptr + offs, carry + tl.cumsum(c, axis=0) - c, mask=offs < nblocks)
        carry += tl.sum(c, axis=0)


@triton.jit
def scatter_idx_kernel(x_ptr, s_ptr, starts_ptr, out_ptr, n, thr, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs, mask=offs < n, other=float("-inf")) * tl.load(s_ptr + offs, mask=offs < n, other=1.0)
    keep = x > thr
    pos = tl.cumsum(keep.to(tl.int64), axis=0) - 1
    base = tl.load(starts_ptr + pid)
    tl.store(out_ptr + base + pos, offs.to(tl.int64), mask=keep)


class ModelNew(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.scale = nn.Parameter(torch.rand(n) / 2 + 0.75)

    def forward(self, x):
        x = x.contiguous()
        n = x.numel()
        BLOCK = 512
        nb = triton.cdiv(n, BLOCK)
        counts = torch.empty(nb, dtype=torch.int32, device=x.device)
        starts = torch.empty(nb, dtype=torch.int64, device=x.device)
        total = torch.zeros(1, dtype=torch.int64, device=x.device)
        count_kernel[(nb,)](x, self.scale, counts, total, n, 0.3, BLOCK=BLOCK)
        exclusive_scan_kernel[(1,)](counts, starts, nb, CHUNK=256)
        k = int(total)
        out = torch.empty(k, dtype=torch.int64, device=x.device)
        if k > 0:
            scatter_idx_kernel[(nb,)](x, self.scale, starts, out, n, 0.3, BLOCK=BLOCK)
        return out
