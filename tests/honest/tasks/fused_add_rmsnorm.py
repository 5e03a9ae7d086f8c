"""vLLM fused_add_rms_norm, out of place: h = x + residual (rounded to bf16); y = rmsnorm(h) * w, the
normalised row rounded to bf16 before the bf16 weight multiply. Returns (y, h).

Honest-kernel corpus task (tests/honest): the residual add fused into the norm that returns both the
normalised row and the updated residual (a tuple output, bf16 throughout), as in every Llama-style decoder.
"""
import torch
import torch.nn as nn

tokens = 4096
hidden = 4096
eps = 1e-6

SHAPES = [dict(tokens=5, hidden=333), dict(tokens=4, hidden=1024)]
TOLERANCE = {"bfloat16": {"atol": 2e-2, "rtol": 2e-2, "rel_l2": 5e-3}}


class Model(nn.Module):
    def __init__(self, hidden: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter((1.0 + 0.3 * torch.randn(hidden)).bfloat16())
        self.eps = eps

    def forward(self, x: torch.Tensor, residual: torch.Tensor):
        h = x + residual
        hf = h.float()
        var = hf.pow(2).mean(-1, keepdim=True)
        y = (hf * torch.rsqrt(var + self.eps)).to(torch.bfloat16) * self.weight
        return y, h


def get_inputs():
    return [torch.randn(tokens, hidden).bfloat16(), torch.randn(tokens, hidden).bfloat16()]


def get_init_inputs():
    return [hidden, eps]
