"""Maximum over the last dimension of a 2-D fp32 tensor.

y[i] = max_j x[i, j]

Shapes: x is (rows, cols) float32, y is (rows,) float32. Max is exact, so the output must
match bit for bit (tolerance 0). Inputs are shifted strongly negative so that a kernel which
pads masked lanes with 0 instead of -inf returns wrong maxima.
Input families: huge_negative, masked_rows and mixed_signs. huge_negative: every value below -1e37 (a kernel that
starts from or pads with a finite stand-in for -inf, such as -1e30 or -1e9, returns that instead of the
maximum); masked_rows: a quarter of the rows (at least one) all -inf, as a fully masked row of scores is,
and one element in 16 of the others -inf (a stand-in as low as -FLT_MAX is returned for such a row); mixed_signs: plain standard normals, positive and
negative (a max over integer keys of the bits that flips the magnitude bits of every value, right for negatives
only, returns the smallest positive value instead).
Memory-bound: one read of x is the floor.
Source: torch.amax / the max step of softmax and of max-pooling over tokens;
KernelBench level-1 reduction style at H100 size.
"""

import torch
import torch.nn as nn

rows = 32768
cols = 32768

SHAPES = [
    dict(rows=5, cols=999),
    dict(rows=3, cols=4096),
]

TOLERANCE = {"float32": {"atol": 0.0, "rtol": 0.0, "rel_l2": 0.0}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.amax(x, dim=-1)


def get_inputs():
    return [torch.randn(rows, cols) - 10.0]


def get_inputs_huge_negative():
    return [-1e37 * (1.0 + 30.0 * torch.rand(rows, cols))]


def get_inputs_masked_rows():
    (x,) = get_inputs()
    x = torch.where(torch.rand(rows, cols) < 1 / 16, float("-inf"), x)
    masked = torch.randperm(rows)[: max(1, rows // 4)]
    x[masked] = float("-inf")
    return [x]


def get_inputs_mixed_signs():
    return [torch.randn(rows, cols)]


INPUT_CASES = {"huge_negative": get_inputs_huge_negative, "masked_rows": get_inputs_masked_rows,
               "mixed_signs": get_inputs_mixed_signs}


def get_init_inputs():
    return []


def flops(x):
    return 1.0 * x.numel()


def bytes_moved(x):
    return (x.numel() + x.shape[0]) * x.element_size()
