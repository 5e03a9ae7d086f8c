"""2-D max pooling, kernel 3, stride 2, padding 1, on fp16 NCHW activations (ResNet stem).

y[n, c, i, j] = max_{0<=u,v<3} x[n, c, 2i + u - 1, 2j + v - 1]   (padding never wins)

Shapes: x is (batch, channels, h, w) float16 NCHW, y is (batch, channels, h_out, w_out)
with h_out = (h + 2 - 3) // 2 + 1 (112 -> 56). Max is exact: tolerance 0. Inputs are all
negative, so padding with 0 instead of -inf is caught.
Input families: large_negative, masked_regions and post_relu. large_negative: values in [-65000, -20000] (padding with a
finite fp16 stand-in for -inf such as -1e4 is caught too); masked_regions: -inf outside a random top-left
extent of each image (images of different sizes padded to one batch with -inf), over a quarter of the planes
(at least one) and at one element in 16 elsewhere; a window of -inf only gives -inf, compared exactly (a kernel
that starts from or pads with fp16's lowest finite value, -65504, gives that instead); post_relu: what the
stem's ReLU hands the pool, normals with every negative set to exactly 0.0 (a max over integer keys of the bits
that flips the magnitude bits of every value, right for negatives only, returns a window's smallest value).
Memory-bound: one read of x and one (4x smaller) write.
Source: the max-pool after ResNet's 7x7 stem conv (He et al. 2016), torch.nn.MaxPool2d;
batch 1024 of 64x112x112.
"""

import torch
import torch.nn as nn

batch = 1024
channels = 64
h = 112
w = 112

SHAPES = [
    dict(batch=2, channels=3, h=13, w=10),
    dict(batch=1, channels=4, h=32, w=32),
]

TOLERANCE = {"float16": {"atol": 0.0, "rtol": 0.0, "rel_l2": 0.0}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.pool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pool(x)


def get_inputs():
    return [(torch.randn(batch, channels, h, w) - 6.0).half()]


def get_inputs_large_negative():
    return [(-20000.0 - 45000.0 * torch.rand(batch, channels, h, w)).half()]


def get_inputs_masked_regions():
    (x,) = get_inputs()
    # each image holds data in its top-left extent only (at least half of each side), -inf past it
    rows = torch.arange(h)[None, None, :, None] >= torch.randint((h + 1) // 2, h + 1, (batch, 1, 1, 1))
    cols = torch.arange(w)[None, None, None, :] >= torch.randint((w + 1) // 2, w + 1, (batch, 1, 1, 1))
    x = x.masked_fill(rows | cols | (torch.rand(batch, channels, h, w) < 1 / 16), float("-inf"))
    planes = batch * channels
    x.view(planes, h, w)[torch.randperm(planes)[: max(1, planes // 4)]] = float("-inf")  # whole planes masked
    return [x]


def get_inputs_post_relu():
    return [torch.relu(torch.randn(batch, channels, h, w)).half()]


INPUT_CASES = {"large_negative": get_inputs_large_negative, "masked_regions": get_inputs_masked_regions,
               "post_relu": get_inputs_post_relu}


def get_init_inputs():
    return []


def flops(x):
    return 9.0 * x.numel() / 4


def bytes_moved(x):
    n, c, hh, ww = x.shape
    return (x.numel() + n * c * ((hh - 1) // 2 + 1) * ((ww - 1) // 2 + 1)) * x.element_size()
