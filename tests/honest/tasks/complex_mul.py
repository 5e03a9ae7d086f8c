"""Elementwise product of two complex vectors given as real and imaginary planes,
y = (a_re + i a_im) * (b_re + i b_im): a complex64 output (both of its parts are compared)."""
import torch
import torch.nn as nn

n = 1 << 20
SHAPES = [dict(n=1000), dict(n=4096)]


class Model(nn.Module):
    def forward(self, a_re, a_im, b_re, b_im):
        return torch.complex(a_re, a_im) * torch.complex(b_re, b_im)


def get_inputs():
    return [torch.randn(n), torch.randn(n), torch.randn(n), torch.randn(n)]


def get_init_inputs():
    return []
