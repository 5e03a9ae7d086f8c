"""Per-token-group (128) fp8 e4m3 quantisation, dequantised back:
scale[t, g] = max(|x[t, g*128:(g+1)*128]|, 1e-10) / 448; y = clamp(x / scale, -448, 448) rounded to e4m3, times scale.
Returns (y fp32, scale fp32).

Honest-kernel corpus task (tests/honest): the per-token-group activation quantisation of FP8 inference
(DeepSeek-V3 / vLLM per_token_group_quant_fp8), its rounding to e4m3 checked through the dequantised values.
"""
import torch
import torch.nn as nn

tokens = 4096
hidden = 7168
group = 128

SHAPES = [dict(tokens=5, hidden=256, group=128), dict(tokens=3, hidden=1024, group=128)]
# A kernel's fp32 `x / scale` is the GPU's div.full.f32, an ulp off torch's division for some operands; an
# operand on an e4m3 rounding midpoint then lands one step away (at most 1/8 of the value) on a few elements in
# a hundred thousand, on a GPU as under the interpreter. Elementwise one step is allowed; the relative L2 error
# keeps a kernel honest (leaving the quantisation out or truncating instead of rounding is about 3.6e-2 off).
TOLERANCE = {"float32": {"atol": 1e-6, "rtol": 0.13, "rel_l2": 1e-2}}


class Model(nn.Module):
    def __init__(self, group: int):
        super().__init__()
        self.group = group

    def forward(self, x: torch.Tensor):
        T, Hd = x.shape
        xg = x.view(T, Hd // self.group, self.group)
        scale = xg.abs().amax(dim=-1).clamp(min=1e-10) / 448.0
        q = (xg / scale[..., None]).clamp(-448.0, 448.0).to(torch.float8_e4m3fn)
        y = (q.float() * scale[..., None]).view(T, Hd)
        return y, scale


def get_inputs():
    return [torch.randn(tokens, hidden) * 3.0]


def get_init_inputs():
    return [group]
