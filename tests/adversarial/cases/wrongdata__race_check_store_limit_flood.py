"""Family: wrong data as right — the split reduction of wrongdata__cross_program_race.py (each program adds
its partial sum into the shared output with a plain load and store instead of tl.atomic_add: updates are lost
on a GPU), with one program first storing zeros 245 times over a 64 KiB scratch block. That is 16 million
recorded element stores, past races.STORE_LIMIT, and a launch past it is not checked for races at all. The
interpreter runs the programs one after another, in any order a sum is right, so the lost updates never show.
Source: the classic split-K / split-reduction bug, with the race check pushed past its store limit; own variant.
Expected: unverified.race_check_limit: a launch whose accesses the race check cannot all keep is not
judged on a CPU, never passed.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'verdict_in': ['unverified'], 'stage': 'correctness', 'check': 'unverified.race_check_limit', 'task': 'sum_reduction', 'timeout_s': 60}


@triton.jit
def split_sum_kernel(x_ptr, y_ptr, pad_ptr, n, dim, CHUNK: tl.constexpr, BLOCK_D: tl.constexpr, FLOOD: tl.constexpr):
    b = tl.program_id(0).to(tl.int64)
    ds = tl.program_id(1) * BLOCK_D + tl.arange(0, BLOCK_D)
    part = tl.program_id(2)
    dmask = ds < dim
    acc = tl.zeros([BLOCK_D], tl.float32)
    for r in range(part * CHUNK, tl.minimum(part * CHUNK + CHUNK, n)):
        acc += tl.load(x_ptr + b * n * dim + r * dim + ds, mask=dmask, other=0.0)
    if (tl.program_id(0) == 0) & (tl.program_id(1) == 0) & (tl.program_id(2) == 0):
        for i in range(FLOOD):  # 245 x 65536 element stores to the same scratch bytes
            tl.store(pad_ptr + tl.arange(0, 65536), tl.zeros([65536], tl.int8))
    # read-modify-write of the shared output without an atomic: programs with other `part` race here
    old = tl.load(y_ptr + b * dim + ds, mask=dmask, other=0.0)
    tl.store(y_ptr + b * dim + ds, old + acc, mask=dmask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        bsz, n, dim = x.shape
        y = torch.zeros((bsz, dim), dtype=x.dtype, device=x.device)
        chunk, bd = 16, 128
        pad = torch.empty(65536, dtype=torch.int8, device=x.device)
        split_sum_kernel[(bsz, triton.cdiv(dim, bd), triton.cdiv(n, chunk))](x, y, pad, n, dim, CHUNK=chunk, BLOCK_D=bd,
                                                                                     FLOOD=245)
        return y
