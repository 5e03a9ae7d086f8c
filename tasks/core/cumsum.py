"""Inclusive prefix sum along the last dimension of a 2-D fp32 tensor.

y[i, j] = sum_{k <= j} x[i, k]

Shapes: x is (rows, cols) float32, y has the same shape and dtype. fp32 accumulation; the
association order is free (a block scan plus a running carry is fine). The tolerance covers
reassociation of 16384-term partial sums, which wander through zero (hence the atol): a correct
Triton block scan differed from torch.cumsum by up to 1.4e-3 on an H200 at the real size (running
sums reach a few hundred, and each fp32 add rounds at about 1e-5 of that). An fp16 or bf16 scan is
off by more than 0.1 and still fails.
Input families: small_values and infinities. small_values (N(0, 1) * 1e-3: every running sum is inside the atol, so a scan
that drops or flushes small inputs is seen by the relative L2 error alone, which scales with the
values as fp32 reassociation error does). Larger or offset values would only grow fp32
reassociation error past the atol, failing honest kernels; typical rows already cancel (zero-mean
running sums, where the atol was measured for honest fp32 scans), and fp16/bf16 scans already fail
on typical inputs. infinities: about two elements per row +inf or -inf (a masked score, a -inf
log-probability, an overflowed activation): the running sum is infinite from the first, NaN from
where both signs have met, as torch's; a scan whose carry is compensated (Kahan: inf - inf) is NaN
where the answer is infinite.
Memory-bound: one read and one write is the floor.
Source: torch.cumsum — sampling (top-p), ragged offsets, scans in state-space models.
"""

import torch
import torch.nn as nn

rows = 32768
cols = 16384

SHAPES = [
    dict(rows=5, cols=1000),
    dict(rows=3, cols=3000),
]

TOLERANCE = {"float32": {"atol": 5e-3, "rtol": 1e-5, "rel_l2": 2e-5}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cumsum(x, dim=-1)


def get_inputs():
    return [torch.randn(rows, cols)]


def get_inputs_small_values():
    # every partial sum within the atol: what a scan leaves out shows in the relative L2 error only
    return [torch.randn(rows, cols) * 1e-3]


def get_inputs_infinities():
    x = torch.randn(rows, cols)
    hit = torch.rand(rows, cols) < 2.0 / cols
    sign = torch.where(torch.rand(rows, cols) < 0.5, -1.0, 1.0)
    return [torch.where(hit, sign * float("inf"), x)]


INPUT_CASES = {"small_values": get_inputs_small_values, "infinities": get_inputs_infinities}


def get_init_inputs():
    return []


def flops(x):
    return 1.0 * x.numel()


def bytes_moved(x):
    return 2.0 * x.numel() * x.element_size()
