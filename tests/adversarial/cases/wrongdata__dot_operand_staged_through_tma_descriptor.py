"""Family: wrong data as right — the dot operand staged through scratch (as in
dot_operand_staged_through_scratch), read back through a host TensorDescriptor (`desc.load`). Compiled for sm_90
the descriptor load feeding the dot is a TMA copy (`ttng.async_tma_copy_global_to_local`) that the pipeliner
issues num_stages - 1 iterations ahead, before the store of the same iteration: the GPU multiplies stale or
uninitialised scratch, while the interpreter runs the store first.
Source: a pipelined TMA read-back of the program's own store; own variant.
Expected: correctness.race: the TMA copies of the compile for the target count as asynchronous copies.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl
from triton.tools.tensor_descriptor import TensorDescriptor

EXPECT = {'stage': 'correctness', 'check': 'correctness.race', 'task': 'matmul', 'reason_contains': 'pipeliner',
          'timeout_s': 300}


@triton.jit
def mm_staged(a_ptr, b_ptr, c_ptr, scratch_ptr, s_desc, M, N, K, s_am, s_ak, s_bk, s_bn, s_cm, s_cn,
              BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    pm = tl.program_id(0)
    pn = tl.program_id(1)
    om = pm * BM + tl.arange(0, BM)
    on = pn * BN + tl.arange(0, BN)
    ok = tl.arange(0, BK)
    slot = pm * tl.num_programs(1) + pn
    tile = scratch_ptr + slot * BK * BN + ok[:, None] * BN + tl.arange(0, BN)[None, :]
    acc = tl.zeros((BM, BN), dtype=tl.float32)
    for k in range(0, K, BK):
        a = tl.load(a_ptr + om[:, None] * s_am + (k + ok)[None, :] * s_ak,
                    mask=(om[:, None] < M) & ((k + ok)[None, :] < K), other=0.0)
        b = tl.load(b_ptr + (k + ok)[:, None] * s_bk + on[None, :] * s_bn,
                    mask=((k + ok)[:, None] < K) & (on[None, :] < N), other=0.0)
        tl.store(tile, b)
        staged = s_desc.load([slot * BK, 0])
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
        scratch = torch.empty(grid[0] * grid[1] * BK, BN, device=a.device, dtype=torch.float16)
        s_desc = TensorDescriptor.from_tensor(scratch, [BK, BN])
        mm_staged[grid](a, b, c, scratch, s_desc, M, N, K, a.stride(0), a.stride(1), b.stride(0), b.stride(1),
                        c.stride(0), c.stride(1), BM=BM, BN=BN, BK=BK)
        return c
