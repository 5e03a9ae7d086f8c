"""Honest: fp16 GEMM with the autotune pre-hook of Triton's tutorial 06: the hook first tests
`if not isinstance(nargs["a_desc"], TensorDescriptor): return` (tutorial 06 launches the same kernel with
device-side descriptors too), then sets each host descriptor's block_shape from the chosen config; host
TensorDescriptors built with a dummy block, and a pointer kernel for rows a descriptor cannot describe."""
import torch
import torch.nn as nn
import triton
import triton.language as tl
from triton.tools.tensor_descriptor import TensorDescriptor


def _host_descriptor_pre_hook(nargs):
    BLOCK_M = nargs["BLOCK_M"]
    BLOCK_N = nargs["BLOCK_N"]
    BLOCK_K = nargs["BLOCK_K"]
    if not isinstance(nargs["a_desc"], TensorDescriptor):
        return
    nargs["a_desc"].block_shape = [BLOCK_M, BLOCK_K]
    nargs["b_desc"].block_shape = [BLOCK_K, BLOCK_N]
    nargs["c_desc"].block_shape = [BLOCK_M, BLOCK_N]


configs = [
    triton.Config({"BLOCK_M": BM, "BLOCK_N": BN, "BLOCK_K": 32}, num_stages=3, num_warps=4,
                  pre_hook=_host_descriptor_pre_hook)
    for BM in [32, 64] for BN in [32]
]


@triton.autotune(configs=configs, key=["M", "N", "K"])
@triton.jit
def _matmul_fwd(a_desc, b_desc, c_desc, M, N, K,
                BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
    off_m = tl.program_id(0) * BLOCK_M
    off_n = tl.program_id(1) * BLOCK_N
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k in range(0, K, BLOCK_K):
        a = a_desc.load([off_m, k])
        b = b_desc.load([k, off_n])
        acc = tl.dot(a, b, acc)
    c_desc.store([off_m, off_n], acc.to(tl.float16))


@triton.jit
def _matmul_fwd_ptr(a_ptr, b_ptr, c_ptr, M, N, K, BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    rm = tl.program_id(0) * BM + tl.arange(0, BM)
    rn = tl.program_id(1) * BN + tl.arange(0, BN)
    rk = tl.arange(0, BK)
    acc = tl.zeros((BM, BN), dtype=tl.float32)
    for k0 in range(0, K, BK):
        a = tl.load(a_ptr + rm[:, None] * K + (k0 + rk)[None, :],
                    mask=(rm[:, None] < M) & ((k0 + rk)[None, :] < K), other=0.0)
        b = tl.load(b_ptr + (k0 + rk)[:, None] * N + rn[None, :],
                    mask=((k0 + rk)[:, None] < K) & (rn[None, :] < N), other=0.0)
        acc = tl.dot(a, b, acc)
    tl.store(c_ptr + rm[:, None] * N + rn[None, :], acc.to(tl.float16), mask=(rm[:, None] < M) & (rn[None, :] < N))


def matmul(a, b):
    a = a.contiguous()
    b = b.contiguous()
    M, K = a.shape
    N = b.shape[1]
    c = torch.empty((M, N), device=a.device, dtype=torch.float16)
    if (K * a.element_size()) % 16 or (N * b.element_size()) % 16:
        grid = (triton.cdiv(M, 32), triton.cdiv(N, 32))
        _matmul_fwd_ptr[grid](a, b, c, M, N, K, BM=32, BN=32, BK=32)
        return c
    dummy_block = [1, 1]
    a_desc = TensorDescriptor(a, a.shape, a.stride(), dummy_block)
    b_desc = TensorDescriptor(b, b.shape, b.stride(), dummy_block)
    c_desc = TensorDescriptor(c, c.shape, c.stride(), dummy_block)

    def grid(META):
        return (triton.cdiv(M, META["BLOCK_M"]), triton.cdiv(N, META["BLOCK_N"]))

    _matmul_fwd[grid](a_desc, b_desc, c_desc, M, N, K)
    return c


class ModelNew(nn.Module):
    def forward(self, a, b):
        return matmul(a, b)
