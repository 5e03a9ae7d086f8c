"""Inclusive prefix sum along the last dimension of a 2-D fp32 tensor.

y[i, j] = sum_{k <= j} x[i, k]

Shapes: x is (rows, cols) float32, y has the same shape and dtype. fp32 accumulation; the
association order is free (a block scan plus a running carry is fine). The tolerance covers
reassociation of 16384-term partial sums, which wander through zero (hence the atol): a correct
Triton block scan differed from torch.cumsum by up to 1.4e-3 on an H200 at the real size (running
sums reach a few hundred, and each fp32 add rounds at about 1e-5 of that). An fp16 or bf16 scan is
off by more than 0.1 and still fails.
Input families: none — typical rows already cancel (zero-mean running sums, where the atol was
measured for honest fp32 scans); larger or offset values only grow fp32 reassociation error past
the tolerance, failing honest kernels, and fp16/bf16 scans already fail on typical inputs.
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


def get_init_inputs():
    return []


def flops(x):
    return 1.0 * x.numel()


def bytes_moved(x):
    return 2.0 * x.numel() * x.element_size()
