"""Honest: a cubic activation whose coefficients live in a buffer copied from the constructor's tensor; the
kernel loads the three coefficients from the buffer (Horner's rule), so a checkpoint's values are used."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _poly3(x_ptr, c_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask)
    c0 = tl.load(c_ptr)
    c1 = tl.load(c_ptr + 1)
    c2 = tl.load(c_ptr + 2)
    tl.store(y_ptr + offs, x * (c0 + x * (c1 + x * c2)), mask=mask)


class ModelNew(nn.Module):
    def __init__(self, coeffs: torch.Tensor):
        super().__init__()
        self.register_buffer("coeffs", coeffs.clone())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        c = self.coeffs.to(device=x.device, dtype=x.dtype).contiguous()
        _poly3[(triton.cdiv(n, 1024),)](x, c, y, n, BLOCK=1024)
        return y
