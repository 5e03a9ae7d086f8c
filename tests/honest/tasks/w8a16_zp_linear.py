"""Weight-only int8 linear with asymmetric quantisation (W8A16, per-output-channel zero point):
w[o, i] = (qweight[o, i] - zero_point[o]) * scale[o];  y = x @ w.T
x fp16 (tokens, in), qweight int8 (out, in), zero_point int32 (out,), scale fp16 (out,); fp32 accumulation,
fp16 output. The zero points come from the checkpoint (built as zeros here, as quantised modules register
them before a state_dict is loaded).

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
        self.register_buffer("zero_point", torch.zeros(out_f, dtype=torch.int32))
        self.scale = nn.Parameter((torch.rand(out_f) * 0.5 + 0.5).half() / (127.0 * in_f ** 0.5))

    def forward(self, x):
        w = (self.qweight.float() - self.zero_point.float()[:, None]) * self.scale.float()[:, None]
        return (x.float() @ w.t()).half()


def get_inputs():
    return [torch.randn(tokens, in_f).half()]


def get_init_inputs():
    return [in_f, out_f]
