"""LayerNorm over the last dimension with learned affine weight and bias (fp32).

mu = mean_j x[i, j];  var = mean_j (x[i, j] - mu)^2   (biased variance)
y[i, j] = (x[i, j] - mu) / sqrt(var + eps) * weight[j] + bias[j],   eps = 1e-5

Shapes: x is (tokens, hidden) float32, weight and bias are float32 parameters of shape
(hidden,); y is (tokens, hidden) float32. Typical inputs have a common offset (mean 5, std 3),
where the one-pass E[x^2] - E[x]^2 shortcut loses a few digits but still passes.
Input families: large_offset and flat_rows. large_offset: each row's mean is +-10 standard deviations (the
one-pass shortcut fails the rel_l2 tolerance there by 1.4x or more, while two passes or Welford in fp32 stay
within it by 1.4x or more; a larger offset would fail honest kernels too, the error of an fp32 mean growing
with it). flat_rows: nearly constant rows (padding positions, dead features), each row's std 1e-4..1e-2
(log-uniform) about a mean of a few stds, so the variance is 0.001 to 10 times eps: a kernel that drops eps or
hard-codes another (1e-6, 1e-12) is off by up to 30x there, and within the tolerance on typical rows
(variance 9, where eps moves the output by 5e-7).
Memory-bound: one read of x and one write of y is the floor.
Source: Ba et al. 2016, "Layer Normalization" (torch.nn.LayerNorm); every transformer block.
"""

import torch
import torch.nn as nn

tokens = 65536
hidden = 8192
eps = 1e-5

SHAPES = [
    dict(tokens=7, hidden=300),
    dict(tokens=3, hidden=4096),
]

TOLERANCE = {"float32": {"atol": 2e-5, "rtol": 2e-5, "rel_l2": 2e-6}}


class Model(nn.Module):
    def __init__(self, hidden: int, eps: float):
        super().__init__()
        self.ln = nn.LayerNorm(hidden, eps=eps)
        with torch.no_grad():  # non-trivial affine parameters, so a kernel must apply them
            self.ln.weight.copy_(1.0 + 0.5 * torch.randn(hidden))
            self.ln.bias.copy_(0.5 * torch.randn(hidden))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.ln(x)


def get_inputs():
    return [torch.randn(tokens, hidden) * 3.0 + 5.0]


def get_inputs_large_offset():
    sign = torch.where(torch.rand(tokens, 1) < 0.5, -1.0, 1.0)
    return [(torch.randn(tokens, hidden) + 10.0 * sign) * 3.0]


def get_inputs_flat_rows():
    std = 10.0 ** (-4.0 + 2.0 * torch.rand(tokens, 1))  # 1e-4 .. 1e-2: variance 1e-3 .. 10 times eps
    return [(torch.randn(tokens, hidden) + 3.0 * torch.randn(tokens, 1)) * std]


INPUT_CASES = {"large_offset": get_inputs_large_offset, "flat_rows": get_inputs_flat_rows}


def get_init_inputs():
    return [hidden, eps]


def flops(x):
    return 8.0 * x.numel()


def bytes_moved(x):
    return 2.0 * x.numel() * x.element_size() + 2.0 * x.shape[-1] * x.element_size()
