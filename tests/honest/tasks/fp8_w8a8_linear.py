"""W8A8 FP8 linear: rows of x and of w quantized to float8_e4m3fn with per-row absmax scales (fp32),
the fp8 product accumulated in fp32, rescaled and rounded to fp16. y = (xq @ wq^T) * sx * sw^T.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

tokens = 4096
d_in = 4096
d_out = 4096

SHAPES = [dict(tokens=33, d_in=64, d_out=48), dict(tokens=16, d_in=256, d_out=80)]
# An activation on a midpoint of the fp8 grid rounds either way once the scale is an ulp off (the GPU's
# `amax / 448` is div.full.f32, torch's is correctly rounded): each flip of a large activation moves the output
# elements of its row by up to ~0.1 at an RMS of 1. Over 600 trials of each shape a kernel with that division was
# up to 7e-3 off in rel L2 (with a correctly rounded one, 0), where leaving out the quantisation altogether is
# 3.3e-2 to 3.7e-2 off at the given shapes: the L2 bound is what tells the two apart.
TOLERANCE = {"float16": {"atol": 0.15, "rtol": 5e-2, "rel_l2": 1.2e-2}}
FP8_MAX = 448.0


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, w):
        sx = x.float().abs().amax(dim=1, keepdim=True).clamp(min=1e-12) / FP8_MAX
        sw = w.float().abs().amax(dim=1, keepdim=True).clamp(min=1e-12) / FP8_MAX
        xq = (x.float() / sx).to(torch.float8_e4m3fn).float()
        wq = (w.float() / sw).to(torch.float8_e4m3fn).float()
        return ((xq @ wq.t()) * sx * sw.t()).half()


def get_inputs():
    return [torch.randn(tokens, d_in).half(), (torch.randn(d_out, d_in) * d_in ** -0.5).half()]


def get_init_inputs():
    return []
