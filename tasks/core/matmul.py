"""Square fp16 matrix multiplication with fp32 accumulation (the tensor-core GEMM).

C = A @ B,   C[i, j] = sum_k A[i, k] * B[k, j]   (fp32 accumulation, one rounding to fp16)

Shapes: A is (n, k) and B is (k, n) float16, C is (n, n) float16, with k = n (square) at the
real size. k is a global of its own so that a shape with a long k and a small n can be checked:
a kernel takes K from the inputs' shapes. B is scaled by 1/sqrt(k) like a weight matrix, so C
has unit variance and every fp16 output keeps its precision.
Input families: large_activations and large_weights. large_activations: A's entries up to a few hundred
(B scaled down to match, so C keeps its scale): a kernel that rescales A in fp16 before the dot (exact for
typical entries) overflows. large_weights: the mirror, B's entries up to ~80 (std 16; A scaled down to
match): a kernel that rescales B in fp16 before the dot (exact for typical entries) overflows.
Compute-bound: 2 n^3 flops over 3 n^2 fp16 elements (intensity ~ n/3 flop/byte).
Source: the dense layer / GEMM of every network (torch.matmul); KernelBench level 1.
"""

import torch
import torch.nn as nn

n = 8192
k = n  # the contraction length

SHAPES = [
    dict(n=80),   # not a multiple of the tile size: edge masking
    dict(n=64),
]

TOLERANCE = {"float16": {"atol": 1e-3, "rtol": 2e-3, "rel_l2": 1e-3}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return torch.matmul(a, b)


def get_inputs():
    a = torch.randn(n, k).half()
    b = (torch.randn(k, n) / k ** 0.5).half()
    return [a, b]


def get_inputs_large_activations():
    a = torch.randn(n, k) * 48.0
    b = torch.randn(k, n) / (48.0 * k ** 0.5)
    return [a.half(), b.half()]


def get_inputs_large_weights():
    a = torch.randn(n, k) / (16.0 * k ** 0.5)
    b = torch.randn(k, n) * 16.0
    return [a.half(), b.half()]


INPUT_CASES = {"large_activations": get_inputs_large_activations, "large_weights": get_inputs_large_weights}


def get_init_inputs():
    return []


def flops(a, b):
    return 2.0 * a.shape[0] * a.shape[1] * b.shape[1]


def bytes_moved(a, b):
    return (a.numel() + b.numel() + a.shape[0] * b.shape[1]) * a.element_size()
