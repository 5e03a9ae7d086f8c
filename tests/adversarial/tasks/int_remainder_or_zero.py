"""Elementwise remainder of int32 tensors with C semantics (the sign of a), 0 where the divisor is 0:
y = where(b == 0, 0, fmod(a, b)).

Adversarial-suite task (tests/adversarial): about a quarter of the divisors are 0.
"""
import torch
import torch.nn as nn

n = 1 << 22

SHAPES = [dict(n=2000), dict(n=4096)]


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        safe = torch.where(b == 0, torch.ones_like(b), b)
        return torch.where(b == 0, torch.zeros_like(a), torch.fmod(a, safe))


def get_inputs():
    a = torch.randint(-1000, 1000, (n,), dtype=torch.int32)
    b = torch.randint(-9, 10, (n,), dtype=torch.int32)
    b[torch.rand(n) < 0.2] = 0
    return [a, b]


def get_init_inputs():
    return []
