"""A polynomial activation whose coefficients are given to the constructor as a tensor.

y = c0 * x + c1 * x**2 + c2 * x**3, the coefficients kept in a buffer (fitted offline, loaded with the model).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

rows = 64
cols = 512
SHAPES = [dict(rows=5, cols=300), dict(rows=3, cols=1024)]


class Model(nn.Module):
    def __init__(self, coeffs: torch.Tensor):
        super().__init__()
        self.register_buffer("coeffs", coeffs.clone())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        c = self.coeffs
        return c[0] * x + c[1] * x * x + c[2] * x * x * x


def get_inputs():
    return [torch.randn(rows, cols)]


def get_init_inputs():
    return [torch.tensor([0.5, 0.25, -0.125])]
