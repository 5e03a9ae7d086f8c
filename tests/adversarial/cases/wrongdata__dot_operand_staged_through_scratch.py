"""Family: wrong data as right — a matmul whose B tile is written to a per-program scratch tile and read back
in the same iteration before it goes into `tl.dot`, in a plain `range` loop. The interpreter runs the store
before the load; compiled for sm_90, the read-back feeds a dot, so Triton's pipeliner makes it an asynchronous
copy issued num_stages - 1 iterations ahead (the launch's num_stages, 3 by default), before the store: the first
K-steps multiply uninitialised scratch and later ones stale tiles.
Source: a dot operand staged through global memory in a pipelined loop; own variant.
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
def mm_staged(a_ptr, b_ptr, c_ptr, scratch_ptr, M, N, K, s_am, s_ak, s_bk, s_bn, s_cm, s_cn,
              BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    pm = tl.program_id(0)
    pn = tl.program_id(1)
    om = pm * BM + tl.arange(0, BM)
    on = pn * BN + tl.arange(0, BN)
    ok = tl.arange(0, BK)
    tile = scratch_ptr + (pm * tl.num_programs(1) + pn) * BK * BN + ok[:, None] * BN + tl.arange(0, BN)[None, :]
    acc = tl.zeros((BM, BN), dtype=tl.float32)
    for k in range(0, K, BK):
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
        mm_staged[grid](a, b, c, scratch, M, N, K, a.stride(0), a.stride(1), b.stride(0), b.stride(1),
                        c.stride(0), c.stride(1), BM=BM, BN=BN, BK=BK)
        return c
