"""Family: wrong data (routing drawn near-uniform only)
Source: MoE "capacity factor" sizing of a grouped GEMM's grid, used to avoid reading the counts on the host
Expected: correctness.mismatch on the task's `skewed_routing` family, where one expert takes most tokens

MoE segment GEMM in one launch with no host sync: the grid gives each expert room for twice the balanced load
(2 * ceil(tokens / experts), rounded up to the tile), and each program finds its expert's segment from the counts
in-kernel. Tokens of an expert past that capacity are never computed.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl


EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/moe_segment_gemm.py"}

@triton.jit
def moe_capacity_kernel(x_ptr, w_ptr, y_ptr, counts_ptr, N, K, E: tl.constexpr, E_P2: tl.constexpr,
                        BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
    e = tl.program_id(0)
    pid_m = tl.program_id(1)
    pid_n = tl.program_id(2)
    idx = tl.arange(0, E_P2)
    cnt = tl.load(counts_ptr + idx, mask=idx < E, other=0)
    start = tl.sum(tl.where(idx < e, cnt, 0), axis=0)
    c = tl.sum(tl.where(idx == e, cnt, 0), axis=0)
    rows = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)
    cols = pid_n * BLOCK_N + tl.arange(0, BLOCK_N)
    rmask = rows < c
    grow = (start + rows).to(tl.int64)
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k0 in range(0, K, BLOCK_K):
        kk = k0 + tl.arange(0, BLOCK_K)
        a = tl.load(x_ptr + grow[:, None] * K + kk[None, :], mask=rmask[:, None] & (kk[None, :] < K), other=0.0)
        b = tl.load(w_ptr + e.to(tl.int64) * K * N + kk[:, None] * N + cols[None, :],
                    mask=(kk[:, None] < K) & (cols[None, :] < N), other=0.0)
        acc = tl.dot(a, b, acc)
    tl.store(y_ptr + grow[:, None] * N + cols[None, :], acc.to(tl.float16),
             mask=rmask[:, None] & (cols[None, :] < N))


class ModelNew(nn.Module):
    def __init__(self, experts, k, n):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(experts, k, n).half())

    def forward(self, x, counts):
        x = x.contiguous()
        T, K = x.shape
        E, _, N = self.weight.shape
        y = torch.empty((T, N), device=x.device, dtype=x.dtype)
        BLOCK_M, BLOCK_N, BLOCK_K = 32, 32, 32
        capacity = triton.cdiv(2 * triton.cdiv(T, E), BLOCK_M) * BLOCK_M  # capacity factor 2
        grid = (E, capacity // BLOCK_M, triton.cdiv(N, BLOCK_N))
        moe_capacity_kernel[grid](x, self.weight, y, counts, N, K, E=E, E_P2=triton.next_power_of_2(E),
                                  BLOCK_M=BLOCK_M, BLOCK_N=BLOCK_N, BLOCK_K=BLOCK_K)
        return y
