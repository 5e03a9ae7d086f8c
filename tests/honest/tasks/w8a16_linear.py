"""Weight-only int8 linear (W8A16): y = x @ (w_int8 * scale[:, None]).T, x fp16 (tokens, in),
w int8 (out, in), per-output-channel fp16 scale; fp32 accumulation, fp16 output.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

tokens = 512
in_f = 1024
out_f = 1024
SHAPES = [dict(tokens=7, in_f=96, out_f=80), dict(tokens=16, in_f=256, out_f=128)]
TOLERANCE = {"float16": {"atol": 1e-3, "rtol": 2e-3, "rel_l2": 1e-3}}


class Model(nn.Module):
    def __init__(self, in_f: int, out_f: int):
        super().__init__()
        self.register_buffer("qweight", torch.randint(-127, 128, (out_f, in_f), dtype=torch.int8))
        self.scale = nn.Parameter((torch.rand(out_f) * 0.5 + 0.5).half() / (127.0 * in_f ** 0.5))

    def forward(self, x):
        w = self.qweight.float() * self.scale.float()[:, None]
        return (x.float() @ w.t()).half()


def get_inputs():
    return [torch.randn(tokens, in_f).half()]


def get_init_inputs():
    return [in_f, out_f]
