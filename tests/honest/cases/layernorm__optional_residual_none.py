"""Honest: LayerNorm from a fused add-and-norm kernel whose optional pointers are None when unused (a residual
and a residual output, as flash-attention's and vLLM's layer-norm kernels take them), switched off by
HAS_RESIDUAL / STORE_RESIDUAL constexpr flags."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def layer_norm_fwd_kernel(X, Y, W, B, RESIDUAL, RESIDUAL_OUT, stride_x_row, stride_y_row, N, eps,
                          HAS_RESIDUAL: tl.constexpr, STORE_RESIDUAL: tl.constexpr, HAS_BIAS: tl.constexpr,
                          BLOCK_N: tl.constexpr):
    row = tl.program_id(0)
    X += row * stride_x_row
    Y += row * stride_y_row
    cols = tl.arange(0, BLOCK_N)
    x = tl.load(X + cols, mask=cols < N, other=0.0).to(tl.float32)
    if HAS_RESIDUAL:
        x += tl.load(RESIDUAL + row * stride_x_row + cols, mask=cols < N, other=0.0).to(tl.float32)
    if STORE_RESIDUAL:
        tl.store(RESIDUAL_OUT + row * stride_x_row + cols, x, mask=cols < N)
    mean = tl.sum(x, axis=0) / N
    xbar = tl.where(cols < N, x - mean, 0.0)
    var = tl.sum(xbar * xbar, axis=0) / N
    rstd = 1 / tl.sqrt(var + eps)
    w = tl.load(W + cols, mask=cols < N).to(tl.float32)
    y = xbar * rstd * w
    if HAS_BIAS:
        y += tl.load(B + cols, mask=cols < N).to(tl.float32)
    tl.store(Y + cols, y, mask=cols < N)


def layer_norm_fn(x, weight, bias, eps, residual=None):
    M, N = x.shape
    y = torch.empty_like(x)
    layer_norm_fwd_kernel[(M,)](x, y, weight, bias, residual, None, x.stride(0), y.stride(0), N, eps,
                                HAS_RESIDUAL=residual is not None, STORE_RESIDUAL=False,
                                HAS_BIAS=bias is not None, BLOCK_N=triton.next_power_of_2(N))
    return y


class ModelNew(nn.Module):
    def __init__(self, cols: int, eps: float):
        super().__init__()
        self.ln = nn.LayerNorm(cols, eps=eps)

    def forward(self, x):
        return layer_norm_fn(x, self.ln.weight, self.ln.bias, self.ln.eps)
