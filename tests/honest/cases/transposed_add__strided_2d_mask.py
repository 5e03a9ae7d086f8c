"""Honest: elementwise add on a non-contiguous (transposed) input read through its strides, 2-D block with
a broadcast mask [:, None] & [None, :], output allocated with torch.empty_like (which keeps strides) and
written through its own strides. Grid as lambda META."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def add_one_2d(x_ptr, y_ptr, M, N, sxm, sxn, sym, syn,
               BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr):
    pid_m = tl.program_id(0)
    pid_n = tl.program_id(1)
    offs_m = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)
    offs_n = pid_n * BLOCK_N + tl.arange(0, BLOCK_N)
    mask = (offs_m[:, None] < M) & (offs_n[None, :] < N)
    x = tl.load(x_ptr + offs_m[:, None] * sxm + offs_n[None, :] * sxn, mask=mask)
    tl.store(y_ptr + offs_m[:, None] * sym + offs_n[None, :] * syn, x + 1.0, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        M, N = x.shape
        y = torch.empty_like(x)
        grid = lambda META: (triton.cdiv(M, META["BLOCK_M"]), triton.cdiv(N, META["BLOCK_N"]))
        add_one_2d[grid](x, y, M, N, x.stride(0), x.stride(1), y.stride(0), y.stride(1),
                         BLOCK_M=16, BLOCK_N=32)
        return y
