"""Family: shapes the check never reaches. A persistent matmul in two phases: full waves of `NUM_SMS` tiles,
each program striding by the SM count, then one partial wave for the tiles left over, where each program
takes tile `pid` instead of `full_waves * NUM_SMS + pid`. The tail recomputes the first tiles and never writes
the last ones whenever there is at least one full wave. At the checks' sizes (80 and 64, 16-wide tiles: 25 and
16 tiles), shown a whole H100's 132 SMs, there was no full wave and the tail's tiles were the right ones. The
second look shows the GPU's smallest MIG instance (16 SMs): 25 tiles are one full wave and a tail of 9.
Source: stream-K / data-parallel hybrids with a mis-offset tail; tasks/devices.checked_as.
Expected: correctness stage, correctness.mismatch.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'matmul'}


@triton.jit
def tile_mm(a_ptr, b_ptr, c_ptr, M, N, K, tile, BLOCK: tl.constexpr, BLOCK_K: tl.constexpr):
    tiles_n = tl.cdiv(N, BLOCK)
    rows = (tile // tiles_n) * BLOCK + tl.arange(0, BLOCK)
    cols = (tile % tiles_n) * BLOCK + tl.arange(0, BLOCK)
    acc = tl.zeros((BLOCK, BLOCK), dtype=tl.float32)
    for k0 in range(0, K, BLOCK_K):
        ks = k0 + tl.arange(0, BLOCK_K)
        a = tl.load(a_ptr + rows[:, None] * K + ks[None, :], mask=(rows[:, None] < M) & (ks[None, :] < K), other=0.0)
        b = tl.load(b_ptr + ks[:, None] * N + cols[None, :], mask=(ks[:, None] < K) & (cols[None, :] < N), other=0.0)
        acc = tl.dot(a, b, acc, input_precision="ieee")
    tl.store(c_ptr + rows[:, None] * N + cols[None, :], acc.to(tl.float16),
             mask=(rows[:, None] < M) & (cols[None, :] < N))


@triton.jit
def persistent_mm(a_ptr, b_ptr, c_ptr, M, N, K, BLOCK: tl.constexpr, BLOCK_K: tl.constexpr, NUM_SMS: tl.constexpr):
    pid = tl.program_id(0)
    num_tiles = tl.cdiv(M, BLOCK) * tl.cdiv(N, BLOCK)
    full_waves = num_tiles // NUM_SMS
    for wave in range(0, full_waves):
        tile_mm(a_ptr, b_ptr, c_ptr, M, N, K, wave * NUM_SMS + pid, BLOCK, BLOCK_K)
    if pid < num_tiles - full_waves * NUM_SMS:
        tile_mm(a_ptr, b_ptr, c_ptr, M, N, K, pid, BLOCK, BLOCK_K)


class ModelNew(nn.Module):
    def forward(self, a, b):
        a, b = a.contiguous(), b.contiguous()
        M, K = a.shape
        N = b.shape[1]
        c = torch.empty((M, N), device=a.device, dtype=torch.float16)
        sms = torch.cuda.get_device_properties(a.device).multi_processor_count
        tiles = triton.cdiv(M, 16) * triton.cdiv(N, 16)
        persistent_mm[(min(sms, tiles),)](a, b, c, M, N, K, BLOCK=16, BLOCK_K=128, NUM_SMS=sms)
        return c
