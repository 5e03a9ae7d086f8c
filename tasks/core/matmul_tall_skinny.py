"""Tall-skinny fp32 matmul: project millions of rows through a small matrix.

C = A @ W,   A (m, k) with m >> k, W (k, n) small   (full fp32: no TF32)

Shapes: A is (m, k) float32 with m = 6.3M rows and k = 128, W is (k, n) float32 with n = 32,
C is (m, n) float32. Typical of projecting point-cloud / embedding features or a
tall-skinny block of a randomized SVD. The reference is exact fp32 (PyTorch's default,
no TF32), so a Triton kernel must use tl.dot(..., input_precision="ieee") or FMA math.
Input families: raw_features — un-normalised features (A's entries std 3e4, raw coordinates or
counts, many past 65504) through a projection scaled to match (W's entries ~2e-6, C stays O(1)).
TF32 already fails on typical inputs, but fp16 tensor cores with error compensation (each operand
split into fp16 hi + lo, the lo * lo product dropped: ~22 bits, passes typical inputs) do not: here
A's hi overflows to inf and W's halves are fp16 subnormals. fp32 accumulation error scales with the
inputs, so only the range matters.
Memory-bound at this size: A is read once (3 GiB); W stays in cache.
Source: tall-skinny GEMM in randomized linear algebra (Halko et al. 2011) and feature
projection; KernelBench level-1 "tall skinny" family.
"""

import torch
import torch.nn as nn

m = 6291456
k = 128
n = 32

SHAPES = [
    dict(m=1000, k=48, n=20),
    dict(m=512, k=128, n=32),
]

TOLERANCE = {"float32": {"atol": 1e-5, "rtol": 1e-5, "rel_l2": 1e-6}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, a: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        return torch.matmul(a, w)


def get_inputs():
    return [torch.randn(m, k), torch.randn(k, n) / k ** 0.5]


def get_inputs_raw_features():
    return [torch.randn(m, k) * 3e4, torch.randn(k, n) / (3e4 * k ** 0.5)]


INPUT_CASES = {"raw_features": get_inputs_raw_features}


def get_init_inputs():
    return []


def flops(a, w):
    return 2.0 * a.shape[0] * a.shape[1] * w.shape[1]


def bytes_moved(a, w):
    return (a.numel() + w.numel() + a.shape[0] * w.shape[1]) * a.element_size()
