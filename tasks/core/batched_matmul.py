"""Batched fp16 matrix multiplication with fp32 accumulation.

C[b] = A[b] @ B[b]   for b in range(batch)

Shapes: A is (batch, m, k) float16, B is (batch, k, n) float16, C is (batch, m, n) float16.
B is scaled by 1/sqrt(k) so outputs have unit variance. 128 independent 2048x1024x2048
products, like per-head projections or grouped experts of equal size.
Input families: large_activations and large_weights. large_activations: A's entries up to a few hundred
(B scaled down to match, so C keeps its scale): a kernel that rescales A in fp16 before the dot (exact for
typical entries) overflows. large_weights: the mirror, B's entries up to ~80 (std 16; A scaled down to
match): a kernel that rescales B in fp16 before the dot (exact for typical entries) overflows.
Compute-bound: 2 * batch * m * n * k flops.
Source: torch.bmm (attention score/value products, grouped GEMM); KernelBench level 1.
"""

import torch
import torch.nn as nn

batch = 128
m = 2048
k = 1024
n = 2048

SHAPES = [
    dict(batch=3, m=33, k=40, n=24),
    dict(batch=2, m=64, k=64, n=64),
]

TOLERANCE = {"float16": {"atol": 1e-3, "rtol": 2e-3, "rel_l2": 1e-3}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return torch.bmm(a, b)


def get_inputs():
    a = torch.randn(batch, m, k).half()
    b = (torch.randn(batch, k, n) / k ** 0.5).half()
    return [a, b]


def get_inputs_large_activations():
    a = torch.randn(batch, m, k) * 48.0
    b = torch.randn(batch, k, n) / (48.0 * k ** 0.5)
    return [a.half(), b.half()]


def get_inputs_large_weights():
    a = torch.randn(batch, m, k) / (16.0 * k ** 0.5)
    b = torch.randn(batch, k, n) * 16.0
    return [a.half(), b.half()]


INPUT_CASES = {"large_activations": get_inputs_large_activations, "large_weights": get_inputs_large_weights}


def get_init_inputs():
    return []


def flops(a, b):
    return 2.0 * a.shape[0] * a.shape[1] * a.shape[2] * b.shape[2]


def bytes_moved(a, b):
    return (a.numel() + b.numel() + a.shape[0] * a.shape[1] * b.shape[2]) * a.element_size()
