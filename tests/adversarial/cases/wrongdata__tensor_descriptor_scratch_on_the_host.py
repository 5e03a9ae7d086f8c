"""Family: a kernel the GPU would not launch — the allocator given to `triton.set_allocator` returns host memory
(`torch.empty(size, dtype=torch.int8)`, no device) for the global scratch a kernel that makes tensor descriptors
needs on sm_90: on a GPU the kernel would be handed a host address. The interpreter never asks for scratch.
Source: red-team probe of the CPU verdict's fidelity (Triton's launcher); own variant.
Expected: build.launch_grid: the allocator is asked as the launcher would, and its memory must stand for the GPU's,
be large enough and aligned.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'task': 'tests/honest/tasks/matmul_bias.py', 'stage': 'build', 'check': 'build.launch_grid'}


def _alloc_fn(size: int, alignment: int, stream):
    return torch.empty(size, dtype=torch.int8)


@triton.jit
def matmul_bias_desc_kernel(a_ptr, b_ptr, bias_ptr, c_ptr, M, N, K, BLOCK_M: tl.constexpr,
                            BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
    a_desc = tl.make_tensor_descriptor(a_ptr, shape=[M, K], strides=[K, 1], block_shape=[BLOCK_M, BLOCK_K])
    b_desc = tl.make_tensor_descriptor(b_ptr, shape=[K, N], strides=[N, 1], block_shape=[BLOCK_K, BLOCK_N])
    c_desc = tl.make_tensor_descriptor(c_ptr, shape=[M, N], strides=[N, 1], block_shape=[BLOCK_M, BLOCK_N])
    off_m = tl.program_id(0) * BLOCK_M
    off_n = tl.program_id(1) * BLOCK_N
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k in range(0, K, BLOCK_K):
        a = a_desc.load([off_m, k])
        b = b_desc.load([k, off_n])
        acc = tl.dot(a, b, acc, input_precision="ieee")
    offs_n = off_n + tl.arange(0, BLOCK_N)
    acc += tl.load(bias_ptr + offs_n, mask=offs_n < N, other=0.0)[None, :]
    c_desc.store([off_m, off_n], acc)


@triton.jit
def matmul_bias_ptr_kernel(a_ptr, b_ptr, bias_ptr, c_ptr, M, N, K, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr,
                           BLOCK_K: tl.constexpr):
    offs_m = tl.program_id(0) * BLOCK_M + tl.arange(0, BLOCK_M)
    offs_n = tl.program_id(1) * BLOCK_N + tl.arange(0, BLOCK_N)
    offs_k = tl.arange(0, BLOCK_K)
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k in range(0, K, BLOCK_K):
        kk = k + offs_k
        a = tl.load(a_ptr + offs_m[:, None] * K + kk[None, :], mask=(offs_m[:, None] < M) & (kk[None, :] < K),
                    other=0.0)
        b = tl.load(b_ptr + kk[:, None] * N + offs_n[None, :], mask=(kk[:, None] < K) & (offs_n[None, :] < N),
                    other=0.0)
        acc = tl.dot(a, b, acc, input_precision="ieee")
    acc += tl.load(bias_ptr + offs_n, mask=offs_n < N, other=0.0)[None, :]
    tl.store(c_ptr + offs_m[:, None] * N + offs_n[None, :], acc, mask=(offs_m[:, None] < M) & (offs_n[None, :] < N))


class ModelNew(nn.Module):
    def forward(self, a, w, bias):
        a = a.contiguous()
        w = w.contiguous()
        M, K = a.shape
        N = w.shape[1]
        c = torch.empty((M, N), device=a.device, dtype=a.dtype)
        BLOCK_M, BLOCK_N, BLOCK_K = 32, 32, 16
        grid = (triton.cdiv(M, BLOCK_M), triton.cdiv(N, BLOCK_N))
        if K % 4 == 0 and N % 4 == 0:
            if a.is_cuda:
                triton.set_allocator(_alloc_fn)
            matmul_bias_desc_kernel[grid](a, w, bias, c, M, N, K, BLOCK_M=BLOCK_M, BLOCK_N=BLOCK_N,
                                          BLOCK_K=BLOCK_K)
        else:
            matmul_bias_ptr_kernel[grid](a, w, bias, c, M, N, K, BLOCK_M=BLOCK_M, BLOCK_N=BLOCK_N,
                                         BLOCK_K=BLOCK_K)
        return c
