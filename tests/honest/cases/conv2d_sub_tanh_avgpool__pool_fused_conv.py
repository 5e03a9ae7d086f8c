"""Honest: KernelBench level-2 conv chain in one kernel. Each program computes a block of pooled outputs: for
each of the pool window's taps it runs the valid 3x3 convolution (input channels looped, taps unrolled),
subtracts the (C, 1, 1) bias parameter, applies tanh (libdevice), and averages the window; floor-mode pooling
of the (H-K+1, W-K+1) map. Hyperparameters arrive through the constructor as in KernelBench files."""
import torch
import torch.nn as nn
import triton
import triton.language as tl
from triton.language.extra import libdevice


@triton.jit
def conv_sub_tanh_pool_kernel(x_ptr, w_ptr, cb_ptr, sb_ptr, y_ptr, C_in, H, W, C_out, PH, PW,
                              KS: tl.constexpr, POOL: tl.constexpr, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    co = tl.program_id(1)
    n = tl.program_id(2)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < PH * PW
    ph = offs // PW
    pw = offs % PW
    cb = tl.load(cb_ptr + co)
    sb = tl.load(sb_ptr + co)
    pooled = tl.zeros((BLOCK,), dtype=tl.float32)
    for dy in tl.static_range(POOL):
        for dx in tl.static_range(POOL):
            oh = ph * POOL + dy
            ow = pw * POOL + dx
            acc = tl.zeros((BLOCK,), dtype=tl.float32)
            for ci in range(C_in):
                for kh in tl.static_range(KS):
                    for kw in tl.static_range(KS):
                        xv = tl.load(x_ptr + ((n * C_in + ci) * H + oh + kh) * W + ow + kw, mask=mask, other=0.0)
                        acc += xv * tl.load(w_ptr + ((co * C_in + ci) * KS + kh) * KS + kw)
            pooled += libdevice.tanh(acc + cb - sb)
    pooled = pooled / (POOL * POOL)
    tl.store(y_ptr + (n * C_out + co) * PH * PW + offs, pooled, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, bias_shape, pool_kernel_size):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size)
        self.bias = nn.Parameter(torch.randn(bias_shape) * 0.02)
        self.pool_kernel_size = pool_kernel_size

    def forward(self, x):
        x = x.contiguous()
        N, C_in, H, W = x.shape
        C_out = self.conv.out_channels
        ks = self.conv.kernel_size[0]
        p = self.pool_kernel_size
        PH, PW = (H - ks + 1) // p, (W - ks + 1) // p
        y = torch.empty((N, C_out, PH, PW), device=x.device, dtype=x.dtype)
        BLOCK = 128
        conv_sub_tanh_pool_kernel[(triton.cdiv(PH * PW, BLOCK), C_out, N)](
            x, self.conv.weight, self.conv.bias, self.bias, y, C_in, H, W, C_out, PH, PW,
            KS=ks, POOL=p, BLOCK=BLOCK)
        return y
