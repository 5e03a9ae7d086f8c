"""A bias-free linear layer in bf16: x (batch, in) @ W.T with W (out, in), accumulated in fp32, returned in bf16.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

batch = 1024
in_features = 2048
out_features = 1024

SHAPES = [dict(batch=48, in_features=96, out_features=80), dict(batch=33, in_features=160, out_features=64)]
TOLERANCE = {"bfloat16": {"atol": 2e-2, "rtol": 2e-2, "rel_l2": 1e-2}}


class Model(nn.Module):
    def __init__(self, in_features: int, out_features: int):
        super().__init__()
        self.weight = nn.Parameter((torch.randn(out_features, in_features) / in_features ** 0.5).to(torch.bfloat16))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (x.float() @ self.weight.float().t()).to(torch.bfloat16)


def get_inputs():
    return [torch.randn(batch, in_features).to(torch.bfloat16)]


def get_init_inputs():
    return [in_features, out_features]
