"""Honest: fixed random per-feature offset plus constructor scale, Triton tutorial 1-D elementwise kernel with a
column index by modulo; the offset is drawn in __init__ exactly as the reference draws it."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _affine_noise_kernel(x_ptr, off_ptr, y_ptr, n_elements, n_cols, scale, BLOCK_SIZE: tl.constexpr):
    pid = tl.program_id(axis=0)
    offsets = pid * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offsets < n_elements
    x = tl.load(x_ptr + offsets, mask=mask)
    o = tl.load(off_ptr + offsets % n_cols, mask=mask)
    tl.store(y_ptr + offsets, x * scale + o, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, dim: int, scale: float):
        super().__init__()
        self.scale = float(scale)
        self.register_buffer("offset", torch.randn(dim), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        xc = x.contiguous()
        y = torch.empty_like(xc)
        n = xc.numel()
        grid = lambda meta: (triton.cdiv(n, meta["BLOCK_SIZE"]),)
        _affine_noise_kernel[grid](xc, self.offset, y, n, xc.shape[-1], self.scale, BLOCK_SIZE=1024)
        return y
