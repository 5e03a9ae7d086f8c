"""Depthwise 3x3 convolution, stride 1, padding 1, with bias, on fp16 NCHW (MobileNetV2).

y[n, c, i, j] = b[c] + sum_{u, v} w[c, 0, u, v] * x[n, c, i + u - 1, j + v - 1]
(one filter per channel, groups = channels; zero padding; fp32 accumulation)

Shapes: x is (batch, channels, h, w) float16; the module holds an fp16 nn.Conv2d with
groups=channels (weight (channels, 1, 3, 3), bias (channels,)); y has x's shape.
Input families: large_activations — activations up to a few hundred (an expanded block's
pre-activation scale; the zero padding is positional and fp32 accumulation error scales with the
inputs, but a kernel that rescales the activations in fp16 before the products, exact for typical
values, overflows on these).
Default: batch 128 of 576x56x56 (an expanded MobileNetV2 / EfficientNet block).
Memory-bound: only 18 flops per output; one read of x and one write of y is the floor.
Source: Howard et al. 2017 (MobileNets), Sandler et al. 2018 (MobileNetV2).
"""

import torch
import torch.nn as nn

batch = 128
channels = 576
h = 56
w = 56

SHAPES = [
    dict(batch=2, channels=3, h=12, w=12),
    dict(batch=1, channels=5, h=9, w=17),
]

TOLERANCE = {"float16": {"atol": 1e-3, "rtol": 2e-3, "rel_l2": 1e-3}}


class Model(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, kernel_size=3, padding=1, groups=channels,
                              bias=True, dtype=torch.float16)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def get_inputs():
    return [torch.randn(batch, channels, h, w).half()]


def get_inputs_large_activations():
    return [(torch.randn(batch, channels, h, w) * 48.0).half()]


INPUT_CASES = {"large_activations": get_inputs_large_activations}


def get_init_inputs():
    return [channels]


def flops(x):
    return 18.0 * x.numel()


def bytes_moved(x):
    return 2.0 * x.numel() * x.element_size()
