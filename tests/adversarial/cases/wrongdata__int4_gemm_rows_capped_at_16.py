"""Family: shapes the check never reaches. A W4A16 decoding GEMM whose one program per column tile takes the
first 16 activation rows (`tl.arange(0, 16)`, masked by m) and nothing loops over the rest: rows 16 and on are
never written. The task's shapes give m = 5 and 3. Its k must stay a multiple of the quantisation group (128),
so no odd k let the reference run and the task got no drawn shape at all; and a raised m had to cost at most
1.5 times a shape of 60 thousand FLOPs, so m never passed 16 either. The drawn shape now makes k an odd
multiple of the group, and raises m past 16 (a small allowance on top of the 1.5 times).
Source: a red-team finding against this harness (the grid-capped family: wrongdata__grid_capped_rows_no_loop).
Expected: correctness.mismatch at the drawn shape (`unseen: k=128, n=..., m=17..33`).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "int4_gemm"}


@triton.jit
def w4a16_kernel(a_ptr, qw_ptr, s_ptr, y_ptr, M, N, K, GROUP,
                 BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    # decode GEMM: all of the (few) activation rows in one tile
    rm = tl.arange(0, BM)
    rn = tl.program_id(0) * BN + tl.arange(0, BN)
    rk = tl.arange(0, BK)
    nmask = rn < N
    acc = tl.zeros([BM, BN], tl.float32)
    for k0 in range(0, K, BK):
        kk = k0 + rk
        kmask = kk < K
        a = tl.load(a_ptr + rm[:, None] * K + kk[None, :], mask=(rm[:, None] < M) & kmask[None, :], other=0.0)
        # unpack: row kk lives in int32 row kk // 8, nibble kk % 8
        packed = tl.load(qw_ptr + (kk // 8)[:, None].to(tl.int64) * N + rn[None, :],
                         mask=kmask[:, None] & nmask[None, :], other=0)
        q = (packed >> ((kk % 8) * 4)[:, None]) & 0xF
        s = tl.load(s_ptr + (kk // GROUP)[:, None].to(tl.int64) * N + rn[None, :],
                    mask=kmask[:, None] & nmask[None, :], other=0.0)
        w = (q.to(tl.float16) - 8.0) * s  # fp16 product, rounded like the reference
        acc = tl.dot(a, w.to(tl.float16), acc)
    tl.store(y_ptr + rm[:, None] * N + rn[None, :], acc.to(tl.float16), mask=(rm[:, None] < M) & nmask[None, :])


class ModelNew(nn.Module):
    def __init__(self, k: int, n: int, group_size: int):
        super().__init__()
        self.group_size = group_size
        self.register_buffer("qweight", torch.empty((k // 8, n), dtype=torch.int32))
        self.register_buffer("scales", torch.empty((k // group_size, n), dtype=torch.float16))

    def forward(self, a: torch.Tensor) -> torch.Tensor:
        a = a.contiguous()
        M, K = a.shape
        N = self.qweight.shape[1]
        y = torch.empty((M, N), dtype=torch.float16, device=a.device)
        BM = 16
        BN, BK = 64, 32
        grid = (triton.cdiv(N, BN),)
        w4a16_kernel[grid](a, self.qweight, self.scales, y, M, N, K, self.group_size, BM=BM, BN=BN, BK=BK)
        return y
