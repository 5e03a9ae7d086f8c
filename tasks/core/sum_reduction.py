"""Sum over the middle dimension of a 3-D fp32 tensor (a strided, non-contiguous reduction).

y[b, d] = sum_n x[b, n, d]

Shapes: x is (batch, n, dim) float32, y is (batch, dim) float32. The reduced axis is not
the contiguous one, so a good kernel reads coalesced rows of `dim` and accumulates down n.
Accumulation in fp32; the order of summation is free (tolerance covers reassociation).
Input families: infinities — about one element in 64 is +inf or -inf (a sum of any order is then inf,
-inf, or NaN where both signs meet, as torch's), so a compensated (Kahan) sum, whose correction term
is inf - inf, gives NaN where the answer is infinite. Finite values need no family: the error of an
fp32 sum in any order scales with them, and fp16/bf16 accumulation already fails on typical inputs.
Memory-bound: one read of x is the floor (y is n times smaller).
Source: pooling over a sequence or spatial axis (mean/sum pooling, torch.sum(dim=1));
KernelBench level-1 reduction style at H100 size.
"""

import torch
import torch.nn as nn

batch = 64
n = 4096
dim = 4096

SHAPES = [
    dict(batch=3, n=37, dim=300),
    dict(batch=2, n=256, dim=128),
]

TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 1e-5, "rel_l2": 1e-6}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sum(x, dim=1)


def get_inputs():
    return [torch.randn(batch, n, dim) + 0.1]


def get_inputs_infinities():
    x = torch.randn(batch, n, dim) + 0.1
    hit = torch.rand(batch, n, dim) < 1 / 64
    sign = torch.where(torch.rand(batch, n, dim) < 0.5, -1.0, 1.0)
    return [torch.where(hit, sign * float("inf"), x)]


INPUT_CASES = {"infinities": get_inputs_infinities}


def get_init_inputs():
    return []


def flops(x):
    return 1.0 * x.numel()


def bytes_moved(x):
    return (x.numel() + x.shape[0] * x.shape[2]) * x.element_size()
