"""RMSNorm of fp16 activations with an fp16 weight, computed in fp32 (Llama style).

r[i] = 1 / sqrt(mean_j x[i, j]^2 + eps),   eps = 1e-6
y[i, j] = fp16( fp32(x[i, j]) * r[i] * fp32(weight[j]) )

Shapes: x is (tokens, hidden) float16, weight an fp16 parameter of shape (hidden,);
y is (tokens, hidden) float16. Accumulation must be fp32 (fp16 sums of 8192 squares
overflow or lose most digits); the output is rounded once to fp16.
Input families: large_magnitude and tiny_rows. large_magnitude: rows scaled by 300..3000 (a square, or a sum
of squares, taken in fp16 overflows, as the sum does at the real hidden size with typical inputs); tiny_rows:
rows of rms 1e-4..1e-2 (log-uniform), whose mean square is 0.01 to 100 times eps: where eps is added matters
there (1 / (sqrt(ms) + eps) is 0.5% to 9x off 1 / sqrt(ms + eps)).
Memory-bound: one fp16 read of x and one fp16 write of y is the floor.
Source: Zhang & Sennrich 2019, "Root Mean Square Layer Normalization"; Llama/Mistral norms
(65536 tokens of an 8192-wide Llama-70B-sized hidden state).
"""

import torch
import torch.nn as nn

tokens = 65536
hidden = 8192
eps = 1e-6

SHAPES = [
    dict(tokens=5, hidden=333),
    dict(tokens=4, hidden=4096),
]

TOLERANCE = {"float16": {"atol": 1e-3, "rtol": 2e-3, "rel_l2": 1e-3}}


class Model(nn.Module):
    def __init__(self, hidden: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter((1.0 + 0.5 * torch.randn(hidden)).half())
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        xf = x.float()
        r = torch.rsqrt(xf.pow(2).mean(dim=-1, keepdim=True) + self.eps)
        return (xf * r * self.weight.float()).to(x.dtype)


def get_inputs():
    return [(torch.randn(tokens, hidden) * 4.0).half()]


def get_inputs_large_magnitude():
    scale = 10.0 ** (2.5 + torch.rand(tokens, 1))
    return [(torch.randn(tokens, hidden) * scale).half()]


def get_inputs_tiny_rows():
    scale = 10.0 ** (-4.0 + 2.0 * torch.rand(tokens, 1))
    return [(torch.randn(tokens, hidden) * scale).half()]


INPUT_CASES = {"large_magnitude": get_inputs_large_magnitude, "tiny_rows": get_inputs_tiny_rows}


def get_init_inputs():
    return [hidden, eps]


def flops(x):
    return 4.0 * x.numel()


def bytes_moved(x):
    return 2.0 * x.numel() * x.element_size() + x.shape[-1] * x.element_size()
