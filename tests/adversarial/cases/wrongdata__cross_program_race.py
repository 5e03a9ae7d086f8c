"""Family: a cross-program data race. The reduction is split over programs along n, and each program adds its
partial sum into the shared output with a plain load and store instead of tl.atomic_add. On a GPU the
programs run concurrently and updates are lost, so the result depends on timing (and may even pass a test
now and then). The Triton interpreter runs the programs one after another, so the result was always right
on the CPU; the judge now records which program touched which element and rejects the race
(sandbox/races.py). The same kernel with tl.atomic_add passes.
Source: the classic split-K / split-reduction bug; the Triton interpreter's sequential execution of programs.
Expected: correctness stage, correctness.race.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'sum_reduction',
          'reason_contains': 'split_sum_kernel'}


@triton.jit
def split_sum_kernel(x_ptr, y_ptr, n, dim, CHUNK: tl.constexpr, BLOCK_D: tl.constexpr):
    b = tl.program_id(0).to(tl.int64)
    ds = tl.program_id(1) * BLOCK_D + tl.arange(0, BLOCK_D)
    part = tl.program_id(2)
    dmask = ds < dim
    acc = tl.zeros([BLOCK_D], tl.float32)
    for r in range(part * CHUNK, tl.minimum(part * CHUNK + CHUNK, n)):
        acc += tl.load(x_ptr + b * n * dim + r * dim + ds, mask=dmask, other=0.0)
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
        split_sum_kernel[(bsz, triton.cdiv(dim, bd), triton.cdiv(n, chunk))](x, y, n, dim, CHUNK=chunk, BLOCK_D=bd)
        return y
