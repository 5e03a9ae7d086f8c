"""Honest: a division with torch's rounding modes, the mode a string constexpr (one compiled kernel per mode), an unknown mode refused."""
import torch
import torch.nn as nn
import triton
import triton.language as tl



@triton.jit
def _div(x_ptr, y_ptr, o_ptr, n, MODE: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(x_ptr + offs, mask=m)
    y = tl.load(y_ptr + offs, mask=m, other=1.0)
    q = x / y
    if MODE == "trunc":
        q = tl.where(q < 0, -tl.floor(-q), tl.floor(q))
    elif MODE == "floor":
        q = tl.floor(q)
    tl.store(o_ptr + offs, q, mask=m)


class ModelNew(nn.Module):
    def forward(self, x, y, rounding_mode):
        if rounding_mode not in (None, "trunc", "floor"):
            raise ValueError(f"unsupported rounding_mode {rounding_mode!r}")
        x = x.contiguous()
        y = y.contiguous()
        o = torch.empty_like(x)
        n = x.numel()
        _div[(triton.cdiv(n, 1024),)](x, y, o, n, MODE=rounding_mode or "true", BLOCK=1024)
        return o
