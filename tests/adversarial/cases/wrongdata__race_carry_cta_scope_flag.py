"""Family: wrong data as right — a chained block scan (cumsum) whose programs hand the carry on through a
flag set and polled with acq_rel atomics at `scope="cta"`. A CTA-scoped atomic synchronises only the threads
of one program (one CTA): on a GPU another program may see the flag set and still load a stale carry. Under
the interpreter the programs run in index order (the kernel has atomics), so the carry is always there, and
the race check takes any atomic access to the flag, before the load, that the writer made after its store,
as ordering the two, whatever its scope.
Source: decoupled look-back / chained scan with a scope narrower than the programs it synchronises; own variant.
Expected: correctness.race: an atomic orders one program's store before another program's load only at gpu
or sys scope (with release semantics on the writer's side and acquire on the reader's).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'task': 'cumsum', 'stage': 'correctness', 'check': 'correctness.race'}


@triton.jit
def cumsum_kernel(x_ptr, y_ptr, flag_ptr, n_cols, n_blocks, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    blk = tl.program_id(1)
    cols = blk * BLOCK + tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * n_cols + cols, mask=mask, other=0.0)
    s = tl.cumsum(x, axis=0)
    prev = 0.0
    if blk > 0:
        # wait for the previous block of this row, then read its last prefix
        while tl.atomic_add(flag_ptr + row * n_blocks + blk - 1, 0, sem="acq_rel", scope="cta") == 0:
            pass
        prev = tl.load(y_ptr + row * n_cols + blk * BLOCK - 1)
    tl.store(y_ptr + row * n_cols + cols, s + prev, mask=mask)
    tl.atomic_xchg(flag_ptr + row * n_blocks + blk, 1, sem="acq_rel", scope="cta")  # releases within its own program only


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        block = 256
        n_blocks = triton.cdiv(n_cols, block)
        flags = torch.zeros(n_rows * n_blocks, dtype=torch.int32, device=x.device)
        cumsum_kernel[(n_rows, n_blocks)](x, y, flags, n_cols, n_blocks, BLOCK=block)
        return y
