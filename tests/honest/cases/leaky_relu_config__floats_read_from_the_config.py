"""Honest: leaky ReLU and scale configured HF-style through a config dict; __init__ keeps the config's floats
and the kernel takes them as runtime arguments."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _leaky_scale(x_ptr, y_ptr, n, slope, scale, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask)
    y = tl.where(x >= 0, x, x * slope) * scale
    tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, config: dict):
        super().__init__()
        self.slope = float(config["negative_slope"])
        self.scale = float(config["scale"])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        _leaky_scale[(triton.cdiv(n, 2048),)](x, y, n, self.slope, self.scale, BLOCK=2048)
        return y
