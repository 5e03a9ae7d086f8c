"""Honest: elementwise on a non-contiguous (transposed) input: 2-D tiles addressed by both strides of input and
output; output torch.empty_like(x) (preserve_format keeps the column-major layout); tanh via exp2."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def tanh_affine_2d(x_ptr, y_ptr, M, N, sxm, sxn, sym, syn, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr):
    rm = tl.program_id(0) * BLOCK_M + tl.arange(0, BLOCK_M)
    rn = tl.program_id(1) * BLOCK_N + tl.arange(0, BLOCK_N)
    mask = (rm[:, None] < M) & (rn[None, :] < N)
    x = tl.load(x_ptr + rm[:, None] * sxm + rn[None, :] * sxn, mask=mask, other=0.0)
    # tanh(x) = sign(x) * (1 - e) / (1 + e), e = exp(-2|x|)
    e = tl.exp2(-2.8853900817779268 * tl.abs(x))
    t = (1.0 - e) / (1.0 + e)
    t = tl.where(x < 0, -t, t)
    tl.store(y_ptr + rm[:, None] * sym + rn[None, :] * syn, t * 2.0 - x, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        y = torch.empty_like(x)
        M, N = x.shape
        grid = (triton.cdiv(M, 32), triton.cdiv(N, 32))
        tanh_affine_2d[grid](x, y, M, N, x.stride(0), x.stride(1), y.stride(0), y.stride(1),
                             BLOCK_M=32, BLOCK_N=32, num_warps=4)
        return y
