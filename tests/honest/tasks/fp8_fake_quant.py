"""fp8 (e4m3) fake quantisation with a per-tensor scale: y = float(fp8(clamp(x / scale, -448, 448))) * scale,
the scale a 0-dim fp32 input.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

rows = 1024
cols = 4096

SHAPES = [dict(rows=5, cols=100), dict(rows=3, cols=512)]


class Model(nn.Module):
    def forward(self, x: torch.Tensor, scale: torch.Tensor) -> torch.Tensor:
        q = (x / scale).clamp(-448.0, 448.0).to(torch.float8_e4m3fn)
        return q.to(torch.float32) * scale


def get_inputs():
    x = torch.randn(rows, cols) * 4.0
    return [x, x.abs().amax() / 448.0]


def get_init_inputs():
    return []
