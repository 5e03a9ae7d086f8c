"""Large-kernel 31x31 depthwise convolution on fp16 NCHW activations (RepLKNet).

y[n, c, i, j] = b[c] + sum_{u, v < 31} w[c, 0, u, v] * x[n, c, i + u - 15, j + v - 15]
(groups = channels, stride 1, zero padding 15, fp32 accumulation, one rounding to fp16)

Shapes: x is (batch, channels, h, w) float16; the module holds an fp16 nn.Conv2d with
groups=channels (weight (channels, 1, 31, 31), bias (channels,)); y has x's shape.
Default: batch 64 of 128x56x56 (RepLKNet-31B stage 1). The kernel is larger than a
warp's tile, so the naive "one thread per output, 961 taps" form is memory-latency bound;
RepLKNet ships a dedicated implicit-GEMM kernel because cuDNN is slow here.
Input families: none — the padding is positional and fp32 accumulation error scales with the
inputs (the weights are parameters), so no values are harder than typical ones.
Compute-bound-ish: 2 * 961 flops per output, inputs reused 961 times from on-chip memory.
Source: Ding et al. 2022, "Scaling Up Your Kernels to 31x31: Revisiting Large Kernel
Design in CNNs" (RepLKNet).
"""

import torch
import torch.nn as nn

batch = 64
channels = 128
h = 56
w = 56
kernel_size = 31

SHAPES = [
    dict(batch=1, channels=2, h=20, w=17),   # image smaller than the kernel: padding everywhere
    dict(batch=1, channels=1, h=16, w=33),
]

TOLERANCE = {"float16": {"atol": 1e-3, "rtol": 2e-3, "rel_l2": 1e-3}}


class Model(nn.Module):
    def __init__(self, channels: int, kernel_size: int):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, kernel_size, padding=kernel_size // 2,
                              groups=channels, bias=True, dtype=torch.float16)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch, channels, h, w).half()]


def get_init_inputs():
    return [channels, kernel_size]


def flops(x):
    return 2.0 * kernel_size * kernel_size * x.numel()


def bytes_moved(x):
    return 2.0 * x.numel() * x.element_size() + x.shape[1] * (kernel_size ** 2 + 1) * x.element_size()
