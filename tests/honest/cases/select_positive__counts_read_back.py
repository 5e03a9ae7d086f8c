"""Honest: stream compaction in two launches: a kernel counts each block's positives, the host reads the counts
with .tolist() and turns them into block offsets (the output's length is the total), and a second kernel writes
each block's positives at its offset with a cumulative sum inside the block."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def count_kernel(x_ptr, counts_ptr, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs, mask=offs < n, other=0.0)
    tl.store(counts_ptr + pid, tl.sum((x > 0).to(tl.int32), axis=0))


@triton.jit
def scatter_kernel(x_ptr, starts_ptr, out_ptr, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs, mask=offs < n, other=0.0)
    keep = (x > 0) & (offs < n)
    pos = tl.cumsum(keep.to(tl.int32), axis=0) - 1
    start = tl.load(starts_ptr + pid)
    tl.store(out_ptr + start + pos, x, mask=keep)


class ModelNew(nn.Module):
    def forward(self, x):
        n = x.numel()
        BLOCK = 1024
        blocks = triton.cdiv(n, BLOCK)
        counts = torch.empty(blocks, device=x.device, dtype=torch.int32)
        count_kernel[(blocks,)](x, counts, n, BLOCK=BLOCK)
        starts, total = [], 0
        for c in counts.tolist():
            starts.append(total)
            total += c
        out = torch.empty(total, device=x.device, dtype=x.dtype)
        if total > 0:
            starts_t = torch.tensor(starts, device=x.device, dtype=torch.int64)
            scatter_kernel[(blocks,)](x, starts_t, out, n, BLOCK=BLOCK)
        return out
