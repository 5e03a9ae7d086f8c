"""Honest: conv1d whose weights are nn.Parameters of its own names, mapped to the reference's with the class
attribute PARAMETER_NAMES; the kernel computes a (output channels x positions) tile as a tl.dot of the
weight tile and a gathered input tile, one reduction index per (input channel, tap)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def conv1d_dot(x_ptr, w_ptr, b_ptr, y_ptr, C_in, C_out, L, L_out, PAD,
               KSIZE: tl.constexpr, BLOCK_CO: tl.constexpr, BLOCK_L: tl.constexpr, BLOCK_R: tl.constexpr):
    n = tl.program_id(0)
    co = tl.program_id(1) * BLOCK_CO + tl.arange(0, BLOCK_CO)
    lo = tl.program_id(2) * BLOCK_L + tl.arange(0, BLOCK_L)
    R = C_in * KSIZE
    acc = tl.zeros((BLOCK_CO, BLOCK_L), tl.float32)
    for r0 in range(0, R, BLOCK_R):
        r = r0 + tl.arange(0, BLOCK_R)
        ci = r // KSIZE
        kk = r % KSIZE
        w = tl.load(w_ptr + co[:, None] * R + r[None, :], mask=(co[:, None] < C_out) & (r[None, :] < R), other=0.0)
        li = lo[None, :] + kk[:, None] - PAD
        xm = (r[:, None] < R) & (li >= 0) & (li < L) & (lo[None, :] < L_out)
        xt = tl.load(x_ptr + n * C_in * L + ci[:, None] * L + li, mask=xm, other=0.0)
        acc += tl.dot(w, xt, input_precision="ieee")
    acc += tl.load(b_ptr + co, mask=co < C_out, other=0.0)[:, None]
    tl.store(y_ptr + n * C_out * L_out + co[:, None] * L_out + lo[None, :], acc,
             mask=(co[:, None] < C_out) & (lo[None, :] < L_out))


class ModelNew(nn.Module):
    PARAMETER_NAMES = {"conv.weight": "weight", "conv.bias": "bias"}

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_channels, in_channels, kernel_size) * 0.1)
        self.bias = nn.Parameter(torch.zeros(out_channels))
        self.padding = 1

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        N, C_in, L = x.shape
        C_out, _, K = self.weight.shape
        L_out = L + 2 * self.padding - K + 1
        y = torch.empty((N, C_out, L_out), device=x.device, dtype=x.dtype)
        grid = (N, triton.cdiv(C_out, 16), triton.cdiv(L_out, 32))
        conv1d_dot[grid](x, self.weight.contiguous(), self.bias, y, C_in, C_out, L, L_out, self.padding, KSIZE=K,
                         BLOCK_CO=16, BLOCK_L=32, BLOCK_R=16)
        return y
