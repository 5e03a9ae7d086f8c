"""Per-tensor-scaled FP8 GEMM: a (M, K) and b (N, K) float8_e4m3fn, scales sa, sb (1,) fp32;
y = (a @ b.T) * sa * sb in bf16 (fp32 accumulation).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

M = 2048
N = 2048
K = 2048
SHAPES = [dict(M=33, N=48, K=64), dict(M=16, N=80, K=256)]
TOLERANCE = {"bfloat16": {"atol": 1e-2, "rtol": 1.6e-2, "rel_l2": 8e-3}}


class Model(nn.Module):
    def forward(self, a, b, sa, sb):
        return ((a.float() @ b.float().t()) * sa * sb).to(torch.bfloat16)


def get_inputs():
    a = (torch.randn(M, K) * 8).to(torch.float8_e4m3fn)
    b = (torch.randn(N, K) * 8).to(torch.float8_e4m3fn)
    return [a, b, torch.rand(1) * 0.02 + 0.01, torch.rand(1) * 0.02 / K ** 0.5 + 0.001]


def get_init_inputs():
    return []
