"""Linear with int8 weights, per-output-channel float scales and int32 zero points (registered as zeros, as a
module holds them before its checkpoint loads) and a bool keep-mask over output features (all True as built).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 16
in_features = 64
out_features = 48
SHAPES = [dict(batch_size=5, in_features=40, out_features=24), dict(batch_size=9, in_features=72, out_features=56)]


class Model(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.register_buffer("weight_q", torch.randint(-127, 128, (out_features, in_features), dtype=torch.int8))
        self.register_buffer("scale", torch.rand(out_features) * 0.02 + 0.005)
        self.register_buffer("zero_point", torch.zeros(out_features, dtype=torch.int32))
        self.register_buffer("keep", torch.ones(out_features, dtype=torch.bool))
        self.bias = nn.Parameter(torch.randn(out_features) * 0.1)

    def forward(self, x):
        w = (self.weight_q.to(torch.int32) - self.zero_point[:, None]).to(x.dtype) * self.scale[:, None]
        y = x @ w.T + self.bias
        return y * self.keep.to(x.dtype)


def get_inputs():
    return [torch.randn(batch_size, in_features)]


def get_init_inputs():
    return [in_features, out_features]
