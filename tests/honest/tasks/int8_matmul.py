"""int8 matrix multiply with int32 accumulation: c = a @ b for int8 a (M, K) and b (K, N), int32 output.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

M = 512
K = 512
N = 512

SHAPES = [dict(M=33, K=40, N=24), dict(M=16, K=64, N=32)]


class Model(nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        # exact in fp32: |sum| <= K * 127 * 128 < 2 ** 24
        return (a.float() @ b.float()).to(torch.int32)


def get_inputs():
    return [torch.randint(-128, 128, (M, K), dtype=torch.int8), torch.randint(-128, 128, (K, N), dtype=torch.int8)]


def get_init_inputs():
    return []
