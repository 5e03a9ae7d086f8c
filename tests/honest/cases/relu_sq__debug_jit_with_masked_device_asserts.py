"""Honest: a squared ReLU compiled with `@triton.jit(debug=True)`, its `tl.device_assert`s masked to the lanes
in range (an index check and a non-negative result), so that they hold on every lane the GPU checks; its
integer index arithmetic stays well inside int32, as the debug build's overflow checks require."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit(debug=True)
def relu_sq_checked(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    inside = offs < n
    tl.device_assert(offs < n, "index past the end", mask=inside)
    r = tl.maximum(tl.load(x_ptr + offs, mask=inside, other=0.0).to(tl.float32), 0.0)
    y = r * r
    tl.device_assert(y >= 0.0, "negative square", mask=inside)
    tl.store(y_ptr + offs, y.to(tl.float16), mask=inside)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        relu_sq_checked[(triton.cdiv(n, 512),)](x, y, n, BLOCK=512)
        return y
