"""Family: wrong data as right — a matmul whose epilogue flattens the accumulator with
`tl.reshape(acc, (BM * BN,), can_reorder=True)` and stores it through 1-D offsets. NumPy keeps row-major
order; compiled, the reshape only repacks registers, so the flat order is the wgmma register order and the
output matrix is scrambled.
Source: relying on the element order of a reshape with can_reorder=True; own variant.
Expected: correctness.mismatch: the order is drawn afresh at each call on a CPU.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'matmul', 'reason_contains': 'can_reorder'}


@triton.jit
def matmul_kernel(a_ptr, b_ptr, c_ptr, M, N, K,
                  stride_am, stride_ak, stride_bk, stride_bn, stride_cm, stride_cn,
                  BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    pid_m = tl.program_id(0)
    pid_n = tl.program_id(1)
    rm = pid_m * BM + tl.arange(0, BM)
    rn = pid_n * BN + tl.arange(0, BN)
    rk = tl.arange(0, BK)
    acc = tl.zeros([BM, BN], tl.float32)
    for k0 in range(0, K, BK):
        kk = k0 + rk
        a = tl.load(a_ptr + rm[:, None] * stride_am + kk[None, :] * stride_ak,
                    mask=(rm[:, None] < M) & (kk[None, :] < K), other=0.0)
        b = tl.load(b_ptr + kk[:, None] * stride_bk + rn[None, :] * stride_bn,
                    mask=(kk[:, None] < K) & (rn[None, :] < N), other=0.0)
        acc = tl.dot(a, b, acc)
    # flat epilogue: one 1-D masked store of the whole tile
    flat = tl.reshape(acc, (BM * BN,), can_reorder=True)
    o = tl.arange(0, BM * BN)
    r = pid_m * BM + o // BN
    c = pid_n * BN + o % BN
    tl.store(c_ptr + r * stride_cm + c * stride_cn, flat.to(tl.float16), mask=(r < M) & (c < N))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        M, K = a.shape
        N = b.shape[1]
        c = torch.empty((M, N), dtype=a.dtype, device=a.device)
        BM, BN, BK = 64, 64, 32
        grid = (triton.cdiv(M, BM), triton.cdiv(N, BN))
        matmul_kernel[grid](a, b, c, M, N, K, a.stride(0), a.stride(1), b.stride(0), b.stride(1),
                            c.stride(0), c.stride(1), BM=BM, BN=BN, BK=BK)
        return c
