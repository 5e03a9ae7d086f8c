"""Family: right only on the grids checked — a GEMM launched in grouped ("super-grouped", L2-friendly)
order that leaves out the group's first row of tiles: `pid_m = pid % group_size_m`, not
`first_pid_m + pid % group_size_m`, so every group computes the tiles of the first. Right wherever the output
has at most GROUP_M = 8 rows of tiles of 128 (1024 rows): every shape of the task but its real size, and a
wide output of three or five rows of tiles, where the tile counts are also right for any group size.
Source: own variant of the grouped launch order of the Triton matmul tutorial.
Expected: correctness stage, correctness.mismatch at the "wide output" shape (m past eight tiles of 128: a
second group).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'gemm', 'reason_contains': 'wide output'}


@triton.jit
def dgemm_grouped(a_ptr, b_ptr, c_ptr, d_ptr, M, N, K, alpha: tl.float64, beta: tl.float64,
                  BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr, GROUP_M: tl.constexpr):
    pid = tl.program_id(0)
    num_pid_m = tl.cdiv(M, BM)
    num_pid_n = tl.cdiv(N, BN)
    num_pid_in_group = GROUP_M * num_pid_n
    group_id = pid // num_pid_in_group
    first_pid_m = group_id * GROUP_M
    group_size_m = min(num_pid_m - first_pid_m, GROUP_M)
    pid_m = pid % group_size_m  # BUG: first_pid_m left out: each group's programs compute the first group's rows
    pid_n = (pid % num_pid_in_group) // group_size_m
    rm = pid_m * BM + tl.arange(0, BM)
    rn = pid_n * BN + tl.arange(0, BN)
    rk = tl.arange(0, BK)
    acc = tl.zeros([BM, BN], tl.float64)
    for k0 in range(0, K, BK):
        kk = k0 + rk
        a = tl.load(a_ptr + rm[:, None] * K + kk[None, :], mask=(rm[:, None] < M) & (kk[None, :] < K), other=0.0)
        b = tl.load(b_ptr + kk[:, None] * N + rn[None, :], mask=(kk[:, None] < K) & (rn[None, :] < N), other=0.0)
        acc += tl.dot(a, b)
    cmask = (rm[:, None] < M) & (rn[None, :] < N)
    offs = rm[:, None].to(tl.int64) * N + rn[None, :]
    c = tl.load(c_ptr + offs, mask=cmask, other=0.0)
    tl.store(d_ptr + offs, alpha * acc + beta * c, mask=cmask)


class ModelNew(nn.Module):
    def __init__(self, alpha: float, beta: float):
        super().__init__()
        self.alpha = alpha
        self.beta = beta

    def forward(self, a: torch.Tensor, b: torch.Tensor, c: torch.Tensor) -> torch.Tensor:
        a, b, c = a.contiguous(), b.contiguous(), c.contiguous()
        M, K = a.shape
        N = b.shape[1]
        d = torch.empty((M, N), dtype=a.dtype, device=a.device)
        BM, BN, BK = 128, 128, 32
        grid = (triton.cdiv(M, BM) * triton.cdiv(N, BN),)
        dgemm_grouped[grid](a, b, c, d, M, N, K, self.alpha, self.beta, BM=BM, BN=BN, BK=BK, GROUP_M=8)
        return d
