"""Family: memorising — a result cache keyed by the operands' addresses, shapes and two sampled elements
(`a[0, 0].item()`, `b[-1, -1].item()`): a call at the previous call's addresses whose two sampled elements are
unchanged gets the previous product copied, no GEMM. Every call of the judge used to draw all of its inputs
afresh (the same-addresses trial gave every element a new value), so the key never matched; on real inputs it
is wrong wherever an operand is refilled in place (a reused activation buffer, a weight an optimizer step
updates) while the sampled elements stay (padding, a row the update leaves alone).
Source: a red-team finding against this harness (CUDA-L1-style caching with a content sample in the key).
Expected: correctness.mismatch on the second call of the same-addresses trial, whose inputs have a few rows
changed.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "matmul",
          "reason_contains": "few rows"}


@triton.jit
def matmul_kernel(a_ptr, b_ptr, c_ptr, M, N, K,
                  stride_am, stride_ak, stride_bk, stride_bn, stride_cm, stride_cn,
                  BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr, GROUP_M: tl.constexpr):
    # grouped ordering of output tiles for L2 reuse
    pid = tl.program_id(0)
    num_m = tl.cdiv(M, BM)
    num_n = tl.cdiv(N, BN)
    width = GROUP_M * num_n
    group = pid // width
    first_m = group * GROUP_M
    size_m = tl.minimum(num_m - first_m, GROUP_M)
    pid_m = first_m + (pid % width) % size_m
    pid_n = (pid % width) // size_m
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
    tl.store(c_ptr + rm[:, None] * stride_cm + rn[None, :] * stride_cn, acc.to(c_ptr.dtype.element_ty),
             mask=(rm[:, None] < M) & (rn[None, :] < N))


@triton.jit
def copy_kernel(src_ptr, dst_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    tl.store(dst_ptr + offs, tl.load(src_ptr + offs, mask=mask), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self.memo_key = None
        self.memo_val = None

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        M, K = a.shape
        N = b.shape[1]
        key = (a.data_ptr(), b.data_ptr(), M, K, N, a[0, 0].item(), b[K - 1, N - 1].item())
        c = torch.empty((M, N), dtype=a.dtype, device=a.device)
        if key == self.memo_key:
            copy_kernel[(triton.cdiv(M * N, 1024),)](self.memo_val, c, M * N, BLOCK=1024)
            return c
        BM, BN, BK = 128, 128, 32
        grid = (triton.cdiv(M, BM) * triton.cdiv(N, BN),)
        matmul_kernel[grid](a, b, c, M, N, K, a.stride(0), a.stride(1), b.stride(0), b.stride(1),
                            c.stride(0), c.stride(1), BM=BM, BN=BN, BK=BK, GROUP_M=8)
        keep = torch.empty((M, N), dtype=a.dtype, device=a.device)
        copy_kernel[(triton.cdiv(M * N, 1024),)](c, keep, M * N, BLOCK=1024)
        self.memo_key = key
        self.memo_val = keep
        return c
