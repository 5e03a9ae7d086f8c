"""3x3 convolution, stride 1, padding 1, with bias, on fp16 NCHW activations (ResNet stage 2).

y[n, o, i, j] = b[o] + sum_{c, u, v} w[o, c, u, v] * x[n, c, i + u - 1, j + v - 1]
(zero padding; fp32 accumulation; one rounding to fp16)

Shapes: x is (batch, c_in, h, w) float16 NCHW; the module holds an fp16 nn.Conv2d
(weight (c_out, c_in, 3, 3), bias (c_out,)); y is (batch, c_out, h, w) float16.
Default: batch 256 of 256x56x56 -> 256x56x56 (ResNet-34/50 stage-2 size).
Compute-bound: 2 * batch * h * w * c_out * c_in * 9 flops; an implicit GEMM with
K = 9 * c_in maps it onto tensor cores.
Input families: large_activations — activations up to a few hundred (the zero padding is
positional, and fp32 accumulation error scales with the inputs, but a kernel that rescales the
activations in fp16 before the dot, exact for typical values, overflows on these).
Source: He et al. 2016 (ResNet); torch.nn.Conv2d, cuDNN's most-tuned case.
"""

import torch
import torch.nn as nn

batch = 256
c_in = 256
c_out = 256
h = 56
w = 56

SHAPES = [
    dict(batch=2, c_in=3, c_out=8, h=12, w=12),
    dict(batch=1, c_in=16, c_out=24, h=9, w=11),
]

TOLERANCE = {"float16": {"atol": 1e-3, "rtol": 2e-3, "rel_l2": 1e-3}}


class Model(nn.Module):
    def __init__(self, c_in: int, c_out: int):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, kernel_size=3, padding=1, bias=True, dtype=torch.float16)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch, c_in, h, w).half()]


def get_inputs_large_activations():
    return [(torch.randn(batch, c_in, h, w) * 48.0).half()]


INPUT_CASES = {"large_activations": get_inputs_large_activations}


def get_init_inputs():
    return [c_in, c_out]


def flops(x):
    n, c, hh, ww = x.shape
    return 2.0 * n * hh * ww * c_out * c * 9


def bytes_moved(x):
    n, c, hh, ww = x.shape
    return (x.numel() + n * c_out * hh * ww + c_out * c * 9 + c_out) * x.element_size()
