"""Honest: mean over the sequence axis split across programs along the sequence: each program sums a chunk
of rows in fp32 and tl.atomic_add's its share (already divided by seq_len) into a torch.zeros output, a 3-D
grid (dim blocks, seq chunks, batch)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def mean_pool_split_kernel(x_ptr, y_ptr, seq_len, dim, stride_b, stride_s, stride_yb, inv_seq,
                           CHUNK: tl.constexpr, BLOCK_D: tl.constexpr):
    pid_d = tl.program_id(0)
    pid_s = tl.program_id(1)
    pid_b = tl.program_id(2)
    d = pid_d * BLOCK_D + tl.arange(0, BLOCK_D)
    s = pid_s * CHUNK + tl.arange(0, CHUNK)
    mask = (s[:, None] < seq_len) & (d[None, :] < dim)
    x = tl.load(x_ptr + pid_b * stride_b + s[:, None] * stride_s + d[None, :], mask=mask, other=0.0)
    part = tl.sum(x, axis=0) * inv_seq
    tl.atomic_add(y_ptr + pid_b * stride_yb + d, part, mask=d < dim)


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        batch, seq_len, dim = x.shape
        y = torch.zeros((batch, dim), device=x.device, dtype=torch.float32)
        CHUNK, BLOCK_D = 16, 64
        grid = (triton.cdiv(dim, BLOCK_D), triton.cdiv(seq_len, CHUNK), batch)
        mean_pool_split_kernel[grid](x, y, seq_len, dim, x.stride(0), x.stride(1), y.stride(0), 1.0 / seq_len,
                                     CHUNK=CHUNK, BLOCK_D=BLOCK_D)
        return y
