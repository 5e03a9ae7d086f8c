"""Honest: SGLang-style per-token int8 quantisation kernel (_per_token_quant_int8: absmax / 127, round with
libdevice.round, clamp, cast to int8) registered as a torch.library.custom_op returning a tuple of two tensors,
with its fake registered by the module-level form `@torch.library.register_fake("ns::name")` (as the
PyTorch custom-op tutorial also shows) instead of the op's method."""
from typing import Tuple

import torch
import torch.nn as nn
import triton
import triton.language as tl

try:
    from triton.language.extra import libdevice
except ImportError:
    from triton.language.extra.cuda import libdevice


@triton.jit
def _per_token_quant_int8(x_ptr, xq_ptr, scale_ptr, stride_x, stride_xq, N, BLOCK: tl.constexpr):
    row_id = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < N
    x = tl.load(x_ptr + row_id * stride_x + cols, mask=mask, other=0.0).to(tl.float32)
    absmax = tl.maximum(tl.max(tl.abs(x)), 1e-10)
    scale_x = absmax / 127
    x_q = x * (127 / absmax)
    x_q = libdevice.round(x_q)
    x_q = tl.clamp(x_q, -127.0, 127.0).to(tl.int8)
    tl.store(xq_ptr + row_id * stride_xq + cols, x_q, mask=mask)
    tl.store(scale_ptr + row_id, scale_x)


@torch.library.custom_op("kp_honest::per_token_quant_int8_rf", mutates_args=())
def per_token_quant_int8(x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
    M, N = x.shape
    x_q = torch.empty((M, N), device=x.device, dtype=torch.int8)
    scales = torch.empty((M, 1), device=x.device, dtype=torch.float32)
    BLOCK = triton.next_power_of_2(N)
    num_warps = min(max(BLOCK // 256, 1), 8)
    _per_token_quant_int8[(M,)](x, x_q, scales, x.stride(0), x_q.stride(0), N, BLOCK=BLOCK, num_warps=num_warps)
    return x_q, scales


@torch.library.register_fake("kp_honest::per_token_quant_int8_rf")
def _(x):
    M, N = x.shape
    return x.new_empty((M, N), dtype=torch.int8), x.new_empty((M, 1), dtype=torch.float32)


class ModelNew(nn.Module):
    def forward(self, x):
        q, s = per_token_quant_int8(x.contiguous())
        return q, s
