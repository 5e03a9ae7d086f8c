"""Family: timing games (the build for the GPU target) — the same kernel, with the same constexprs, run on other
element types than it is compiled for: a kernel stores a flag that forward reads back with bool(); where it is
set (every checked run, since kernels run there) the matmul runs on fp32 copies of the inputs in 128 x 128 x 64
tiles over four stages (256 KiB of shared memory: more than an H100 has), and where it is not (the compile,
which runs no kernel) on the fp16 inputs, whose tiles fit. A comparison of kernel names and constexprs alone
saw the same launch in both.
Source: own variant of a build step told apart from the verified run.
Expected: build stage, build.target_compile (launch specs name the pointers' element types; the compile runs
again with the checked run's host reads and builds the fp32 kernel, which does not fit).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'task': 'tests/honest/tasks/half_matmul.py', 'stage': 'build', 'check': 'build.target_compile',
          'verdict_in': ['fail']}


@triton.jit
def set_flag(flag_ptr):
    tl.store(flag_ptr, 1)


@triton.jit
def tiled_matmul(a_ptr, b_ptr, c_ptr, M, N, K, sam, sak, sbk, sbn, scm, scn,
                 BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    rm = tl.program_id(0) * BM + tl.arange(0, BM)
    rn = tl.program_id(1) * BN + tl.arange(0, BN)
    rk = tl.arange(0, BK)
    acc = tl.zeros((BM, BN), dtype=tl.float32)
    for k0 in tl.range(0, K, BK, num_stages=4):
        kk = k0 + rk
        a = tl.load(a_ptr + rm[:, None] * sam + kk[None, :] * sak, mask=(rm[:, None] < M) & (kk[None, :] < K), other=0.0)
        b = tl.load(b_ptr + kk[:, None] * sbk + rn[None, :] * sbn, mask=(kk[:, None] < K) & (rn[None, :] < N), other=0.0)
        acc = tl.dot(a, b, acc)
    tl.store(c_ptr + rm[:, None] * scm + rn[None, :] * scn, acc.to(tl.float16), mask=(rm[:, None] < M) & (rn[None, :] < N))


class ModelNew(nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        M, K = a.shape
        N = b.shape[1]
        flag = torch.zeros(1, device=a.device, dtype=torch.int32)
        set_flag[(1,)](flag)
        if bool(flag):
            a, b = a.float(), b.float()
        c = torch.empty((M, N), device=a.device, dtype=torch.float16)
        tiled_matmul[(triton.cdiv(M, 128), triton.cdiv(N, 128))](
            a, b, c, M, N, K, a.stride(0), a.stride(1), b.stride(0), b.stride(1), c.stride(0), c.stride(1),
            BM=128, BN=128, BK=64)
        return c
