"""Family: wrong data as right — a matmul that stages its B tile through a per-program scratch tile and reads it
back in the same iteration before `tl.dot`, in a loop written `tl.range(0, K, BK, num_stages=2)`. A loop with a
dot pipelines only the loads that feed the dot, with the loop's own num_stages: the read-back is an asynchronous
copy issued one iteration ahead, before this iteration's store, so on the GPU each K-step multiplies the tile of
the step before (uninitialised scratch at the first).
Source: a dot operand staged through global memory in a tl.range loop with num_stages; own variant.
Expected: correctness.race: the compile for the target made the read-back an asynchronous copy, and the
interpreted run saw it read the program's own store of the same iteration.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'matmul', 'reason_contains': 'pipeliner',
          'timeout_s': 300}


@triton.jit
def mm_staged_s2(a_ptr, b_ptr, c_ptr, scratch_ptr, M, N, K, s_am, s_ak, s_bk, s_bn, s_cm, s_cn,
              BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    pm = tl.program_id(0)
    pn = tl.program_id(1)
    om = pm * BM + tl.arange(0, BM)
    on = pn * BN + tl.arange(0, BN)
    ok = tl.arange(0, BK)
    tile = scratch_ptr + (pm * tl.num_programs(1) + pn) * BK * BN + ok[:, None] * BN + tl.arange(0, BN)[None, :]
    acc = tl.zeros((BM, BN), dtype=tl.float32)
    for k in tl.range(0, K, BK, num_stages=2):
        a = tl.load(a_ptr + om[:, None] * s_am + (k + ok)[None, :] * s_ak,
                    mask=(om[:, None] < M) & ((k + ok)[None, :] < K), other=0.0)
        b = tl.load(b_ptr + (k + ok)[:, None] * s_bk + on[None, :] * s_bn,
                    mask=((k + ok)[:, None] < K) & (on[None, :] < N), other=0.0)
        tl.store(tile, b)
        staged = tl.load(tile)
        acc = tl.dot(a, staged, acc)
    tl.store(c_ptr + om[:, None] * s_cm + on[None, :] * s_cn, acc.to(tl.float16),
             mask=(om[:, None] < M) & (on[None, :] < N))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        M, K = a.shape
        N = b.shape[1]
        c = torch.empty((M, N), device=a.device, dtype=torch.float16)
        BM, BN, BK = 32, 64, 32
        grid = (triton.cdiv(M, BM), triton.cdiv(N, BN))
        scratch = torch.empty(grid[0] * grid[1] * BK * BN, device=a.device, dtype=torch.float16)
        mm_staged_s2[grid](a, b, c, scratch, M, N, K, a.stride(0), a.stride(1), b.stride(0), b.stride(1),
                        c.stride(0), c.stride(1), BM=BM, BN=BN, BK=BK)
        return c
