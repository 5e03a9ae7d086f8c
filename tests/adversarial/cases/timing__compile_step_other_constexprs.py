"""Family: timing games (the build for the GPU target) — the same kernel name with another specialisation: the
interpreter runs 512x512x256 fp16 tiles (about 2 MB of shared memory: OutOfResources on any GPU), while the
forward of the GPU-target compile, told apart by a flag a kernel stores staying unwritten there (the compile
runs no kernel), launches 128x128x32.
The judge compares each launch's kernel and constexpr values, not only kernel names, and then compiles again
with the values the checked run read on the host (the flag is 1 there too), so the 512-wide tiles are compiled.
Source: a build step told apart from the verified run; own construction.
Expected: build stage, build.target_compile (the tiles the interpreter ran do not fit a GPU's shared memory).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

# timeout: the 512-wide tiles take the compiler long to refuse, after a first compile of the other ones
EXPECT = {'task': 'matmul', 'verdict_in': ['fail'], 'stage': 'build', 'check': 'build.target_compile', 'timeout_s': 300}


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
def flag_kernel(p_ptr):
    tl.store(p_ptr, 1.0)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        M, K = a.shape
        N = b.shape[1]
        c = torch.empty((M, N), dtype=a.dtype, device=a.device)
        # A kernel's store lands only where kernels run (the interpreter); the compile-for-the-GPU step runs
        # none. There: the tiles that fit. Here: tiles no GPU can hold.
        probe = torch.zeros(1, dtype=torch.float32, device=a.device)
        flag_kernel[(1,)](probe)
        interpreted = probe.item() == 1.0
        BM, BN, BK = (512, 512, 256) if interpreted else (128, 128, 32)
        grid = (triton.cdiv(M, BM) * triton.cdiv(N, BN),)
        matmul_kernel[grid](a, b, c, M, N, K, a.stride(0), a.stride(1), b.stride(0), b.stride(1),
                            c.stride(0), c.stride(1), BM=BM, BN=BN, BK=BK, GROUP_M=8, num_stages=4)
        return c
