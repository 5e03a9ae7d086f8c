"""ReLU-routed sparse mixture-of-experts FFN (BlockFFN-style), fp16 with fp32 accumulation.

Router: g = relu(fp16(x @ Wr) + br)                   (T, E); no top-k, ReLU makes it sparse
Experts: h_e = silu(fp16(x @ W1[e]))                   (T, d_expert), stored in fp16
         y_e = fp16(h_e @ W2[e])                       (T, d_model)
Output:  y = fp16( sum_e g[:, e] * y_e )               (combine in fp32)

Shapes: x (tokens, d_model) float16 = (16384, 1024); parameters router_w (d_model, E),
router_b (E,), w1 (E, d_model, d_expert), w2 (E, d_expert, d_model), all float16, with
E = 32 experts of width 256; y (tokens, d_model) float16.
The router bias is about -0.8, so each token activates ~20% of the experts, and tokens come
in chunks of 8 that share most of their signal, so whole (chunk, expert) tiles are
inactive: a kernel can skip them (the "chunk-level sparsity" BlockFFN trains for).
The reference computes every expert densely.
Input families: padding_tokens (the last half of the tokens are zero, as padding: the router
opens no expert for them, so whole token tiles are inactive and their output rows must be
written as zeros, not skipped).
Compute-bound (dense: 4 T d_model d_expert E flops; a sparse kernel does ~1/4 of them).
Source: Song et al. 2025, "BlockFFN: Towards End-Side Acceleration-Friendly
Mixture-of-Experts with Chunk-Level Activation Sparsity"; ReMoE (Wang et al. 2024).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

tokens = 16384
d_model = 1024
n_experts = 32
d_expert = 256
chunk = 8

SHAPES = [
    dict(tokens=20, d_model=32, n_experts=8, d_expert=16),
    dict(tokens=33, d_model=48, n_experts=6, d_expert=24),
]

# the output sums several experts' fp16-rounded products of magnitude ~1 (parameters renewed with some router
# biases made positive: outputs of RMS 1-4): an element where they cancel carries a few fp16 ulps of those terms,
# ~2.5e-3 where a kernel's fp32 accumulation order differs from torch's (atol 2e-3 failed 1 run in 4)
TOLERANCE = {"float16": {"atol": 5e-3, "rtol": 4e-3, "rel_l2": 2e-3}}


class Model(nn.Module):
    def __init__(self, d_model: int, n_experts: int, d_expert: int):
        super().__init__()
        self.router_w = nn.Parameter((torch.randn(d_model, n_experts) / d_model ** 0.5).half())
        self.router_b = nn.Parameter((-0.8 + 0.1 * torch.randn(n_experts)).half())
        self.w1 = nn.Parameter((torch.randn(n_experts, d_model, d_expert) / d_model ** 0.5).half())
        self.w2 = nn.Parameter((torch.randn(n_experts, d_expert, d_model) / d_expert ** 0.5).half())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        g = torch.relu(x @ self.router_w + self.router_b)                 # (T, E)
        h = F.silu(torch.einsum("td,edh->eth", x, self.w1))                # (E, T, d_expert)
        ye = torch.bmm(h, self.w2)                                         # (E, T, d_model)
        return (g.t().unsqueeze(-1).float() * ye.float()).sum(0).to(x.dtype)


def get_inputs():
    n_chunks = (tokens + chunk - 1) // chunk
    base = torch.randn(n_chunks, d_model).repeat_interleave(chunk, dim=0)[:tokens]
    x = 0.9 * base + 0.45 * torch.randn(tokens, d_model)
    return [x.half()]


def get_inputs_padding_tokens():
    x = get_inputs()[0]
    x[tokens - tokens // 2:] = 0.0
    return [x]


INPUT_CASES = {"padding_tokens": get_inputs_padding_tokens}


def get_init_inputs():
    return [d_model, n_experts, d_expert]


def flops(x):
    return 4.0 * x.shape[0] * x.shape[1] * d_expert * n_experts + 2.0 * x.shape[0] * x.shape[1] * n_experts


def bytes_moved(x):
    return 2.0 * (2 * x.numel() + 2 * n_experts * x.shape[1] * d_expert + x.shape[1] * n_experts)
