"""fp16 activations x int4 weights (group-wise fp16 scales) GEMM, MARLIN-style W4A16.

Weights are 4-bit codes q in [0, 15] packed 8 per int32 along k (GPTQ layout: bits
4j..4j+3 of qweight[r, c] hold row 8r + j), symmetric with zero point 8, and one fp16
scale per group of 128 rows and per column:
  w[i, c] = fp16( (q[i, c] - 8) * scales[i // group_size, c] )
  y = a @ w        (fp32 accumulation, one rounding to fp16)

Shapes: a (m, k) float16 with m = 16 (batched decoding), k = 8192; the module holds
buffers qweight (k / 8, n) int32 and scales (k / group_size, n) float16 with n = 28672
(Llama-70B-sized up-projection); y (m, n) float16. The reference dequantises the whole
weight (several passes over 470 MB of fp16) before a GEMM; a fused kernel reads only the
4-bit weights (117 MB) once.
Input families: none — the weights (codes over their full range, and scales) are buffers, and
fp32 accumulation error scales with the activations, so no activation values are harder.
Memory-bound at small m: the packed weights are the traffic.
Source: Frantar et al. 2024, "MARLIN: Mixed-Precision Auto-Regressive Parallel Inference
on Large Language Models"; GPTQ (Frantar et al. 2023) packing.
"""

import torch
import torch.nn as nn

m = 16
k = 8192
n = 28672
group_size = 128

SHAPES = [
    dict(m=5, k=256, n=48, group_size=128),
    dict(m=3, k=96, n=40, group_size=32),
]

TOLERANCE = {"float16": {"atol": 2e-3, "rtol": 2e-3, "rel_l2": 1e-3}}


class Model(nn.Module):
    def __init__(self, k: int, n: int, group_size: int):
        super().__init__()
        self.group_size = group_size
        self.register_buffer("qweight", torch.randint(-2 ** 31, 2 ** 31, (k // 8, n), dtype=torch.int32))
        self.register_buffer("scales", (0.002 + 0.004 * torch.rand(k // group_size, n)).half())

    def forward(self, a: torch.Tensor) -> torch.Tensor:
        shifts = torch.arange(0, 32, 4, dtype=torch.int32, device=a.device)
        q = (self.qweight[:, None, :] >> shifts[None, :, None]) & 0xF       # (k/8, 8, n)
        q = q.reshape(-1, self.qweight.shape[1])                           # (k, n)
        w = (q.to(torch.float16) - 8.0) * self.scales.repeat_interleave(self.group_size, dim=0)
        return a @ w


def get_inputs():
    return [torch.randn(m, k).half()]


def get_init_inputs():
    return [k, n, group_size]


def flops(a):
    return 2.0 * a.shape[0] * a.shape[1] * n


def bytes_moved(a):
    kk = a.shape[1]
    return a.numel() * 2 + kk * n / 2 + (kk // group_size) * n * 2 + a.shape[0] * n * 2
