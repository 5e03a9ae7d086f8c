"""Family: wrong data as right — a ReLU that stages its block in scratch, bumps a launch counter with a relaxed
scalar `tl.atomic_add` whose result it never uses, then reads the scratch back mirrored (each lane what another
lane, often of another warp, stored). Triton hands a scalar atomic's result to the program's threads through
shared memory behind a bar.sync, but with the result unused the sm_90 compile is a bare
`red.global.gpu.relaxed.add`, with no bar.sync: nothing orders the other thread's store before the load.
Source: red-team review — every scalar atomic was taken for a barrier between the program's threads.
Expected: correctness stage, correctness.race: the shape gets one more trial in which the scalar atomics the
compile puts no bar.sync behind are no barrier (judge.check_exchanges).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'relu',
          'reason_contains': 'scalar atomics whose results are unused'}


@triton.jit
def relu_mirrored(x_ptr, y_ptr, s_ptr, count_ptr, n, BLOCK: tl.constexpr):
    base = tl.program_id(0) * BLOCK
    lane = tl.arange(0, BLOCK)
    inside = base + lane < n
    tl.store(s_ptr + base + lane, tl.load(x_ptr + base + lane, mask=inside, other=0.0), mask=inside)
    tl.atomic_add(count_ptr, 1, sem="relaxed")
    mirror = base + BLOCK - 1 - lane
    back = mirror < n
    tl.store(y_ptr + mirror, tl.maximum(tl.load(s_ptr + mirror, mask=back, other=0.0), 0.0), mask=back)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        scratch = torch.empty_like(x)
        count = torch.zeros(1, dtype=torch.int32, device=x.device)
        relu_mirrored[(triton.cdiv(x.numel(), 1024),)](x, y, scratch, count, x.numel(), BLOCK=1024)
        return y
