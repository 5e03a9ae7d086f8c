"""Out-of-place 2-D transpose of an fp32 matrix into a new contiguous tensor.

y[j, i] = x[i, j]

Shapes: x is (rows, cols) float32 contiguous, y is (cols, rows) float32 contiguous
(`x.t().contiguous()`). A pure data-movement op: exact (tolerance 0). Naive kernels read
coalesced and write strided (or the reverse); tiling through shared memory fixes both.
Input families: non_finite — about one element in 64 each of +inf, -inf and NaN: a copy moves them
as they are, but a transpose done by arithmetic (a dot with an identity tile, exact for every finite
value) makes inf * 0 = NaN and spreads it over the tile's row. Typical values already catch any
other path that changes them (a TF32 dot, a cast).
Memory-bound: one read and one write of the matrix is the floor.
Source: layout changes (NCHW<->NHWC, head splitting, matrix transposes in FFT/linear algebra).
"""

import torch
import torch.nn as nn

rows = 32768
cols = 16384

SHAPES = [
    dict(rows=37, cols=300),
    dict(rows=128, cols=64),
]

TOLERANCE = {"float32": {"atol": 0.0, "rtol": 0.0, "rel_l2": 0.0}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.t().contiguous()


def get_inputs():
    return [torch.randn(rows, cols)]


def get_inputs_non_finite():
    x = torch.randn(rows, cols)
    u = torch.rand(rows, cols)
    x = torch.where(u < 1 / 64, float("inf"), x)
    x = torch.where((u >= 1 / 64) & (u < 2 / 64), float("-inf"), x)
    return [torch.where((u >= 2 / 64) & (u < 3 / 64), float("nan"), x)]


INPUT_CASES = {"non_finite": get_inputs_non_finite}


def get_init_inputs():
    return []


def flops(x):
    return 0.0


def bytes_moved(x):
    return 2.0 * x.numel() * x.element_size()
