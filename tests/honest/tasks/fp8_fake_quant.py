"""fp8 (e4m3) fake quantisation with a per-tensor scale: y = float(fp8(clamp(x / scale, -448, 448))) * scale,
the scale a 0-dim fp32 input.

Honest-kernel corpus task (tests/honest).
"""

import torch
import torch.nn as nn

rows = 1024
cols = 4096

SHAPES = [dict(rows=5, cols=100), dict(rows=3, cols=512)]
# A kernel's fp32 `x / scale` is the GPU's div.full.f32, an ulp off torch's division for some operands, and an
# operand on an fp8 rounding midpoint then lands one e4m3 step away (at most 1/8 of the value) on a few
# elements in ten thousand, on a GPU as here. Elementwise one step is allowed; the relative L2 error keeps a
# kernel honest (leaving the quantisation out, or truncating instead of rounding, is about 3.6e-2 off).
TOLERANCE = {"float32": {"atol": 1e-4, "rtol": 0.13, "rel_l2": 1e-2}}


class Model(nn.Module):
    def forward(self, x: torch.Tensor, scale: torch.Tensor) -> torch.Tensor:
        q = (x / scale).clamp(-448.0, 448.0).to(torch.float8_e4m3fn)
        return q.to(torch.float32) * scale


def get_inputs():
    x = torch.randn(rows, cols) * 4.0
    return [x, x.abs().amax() / 448.0]


def get_init_inputs():
    return []
