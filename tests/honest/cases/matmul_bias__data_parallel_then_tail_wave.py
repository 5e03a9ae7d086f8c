"""Honest: a persistent matmul + bias in two phases, as stream-K/data-parallel hybrids schedule it: full waves of
NUM_SMS tiles with each program striding by the SM count, then one partial wave for the tiles left over
(tile `full_waves * NUM_SMS + pid`). The SM count comes from `torch.cuda.get_device_properties`, so the
phases split differently on every GPU (and MIG instance); the result must not."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _tile(a_ptr, b_ptr, bias_ptr, c_ptr, M, N, K, tile,
          BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
    tiles_n = tl.cdiv(N, BLOCK_N)
    rows = (tile // tiles_n) * BLOCK_M + tl.arange(0, BLOCK_M)
    cols = (tile % tiles_n) * BLOCK_N + tl.arange(0, BLOCK_N)
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k0 in range(0, K, BLOCK_K):
        ks = k0 + tl.arange(0, BLOCK_K)
        a = tl.load(a_ptr + rows[:, None] * K + ks[None, :], mask=(rows[:, None] < M) & (ks[None, :] < K), other=0.0)
        b = tl.load(b_ptr + ks[:, None] * N + cols[None, :], mask=(ks[:, None] < K) & (cols[None, :] < N), other=0.0)
        acc = tl.dot(a, b, acc, input_precision="ieee")
    acc += tl.load(bias_ptr + cols, mask=cols < N, other=0.0)[None, :]
    tl.store(c_ptr + rows[:, None] * N + cols[None, :], acc, mask=(rows[:, None] < M) & (cols[None, :] < N))


@triton.jit
def matmul_bias_hybrid(a_ptr, b_ptr, bias_ptr, c_ptr, M, N, K, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr,
                       BLOCK_K: tl.constexpr, NUM_SMS: tl.constexpr):
    pid = tl.program_id(0)
    num_tiles = tl.cdiv(M, BLOCK_M) * tl.cdiv(N, BLOCK_N)
    full_waves = num_tiles // NUM_SMS
    for wave in range(0, full_waves):
        _tile(a_ptr, b_ptr, bias_ptr, c_ptr, M, N, K, wave * NUM_SMS + pid, BLOCK_M, BLOCK_N, BLOCK_K)
    tail = full_waves * NUM_SMS + pid
    if tail < num_tiles:
        _tile(a_ptr, b_ptr, bias_ptr, c_ptr, M, N, K, tail, BLOCK_M, BLOCK_N, BLOCK_K)


class ModelNew(nn.Module):
    def forward(self, a, w, bias):
        a, w, bias = a.contiguous(), w.contiguous(), bias.contiguous()
        M, K = a.shape
        N = w.shape[1]
        c = torch.empty((M, N), device=a.device, dtype=torch.float32)
        sms = torch.cuda.get_device_properties(a.device).multi_processor_count
        tiles = triton.cdiv(M, 16) * triton.cdiv(N, 16)
        matmul_bias_hybrid[(min(sms, tiles),)](a, w, bias, c, M, N, K, BLOCK_M=16, BLOCK_N=16, BLOCK_K=32,
                                               NUM_SMS=sms)
        return c
