"""Honest: random-sign diagonal times learned scale, Triton tutorial-style 2-D row kernel; the sign diagonal is
drawn in __init__ exactly as the reference draws it (same RNG calls), non-persistent."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _sign_scale_kernel(x_ptr, s_ptr, w_ptr, y_ptr, n_rows, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cb = tl.program_id(1)
    cols = cb * BLOCK + tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * n_cols + cols, mask=mask, other=0.0)
    s = tl.load(s_ptr + cols, mask=mask, other=0.0)
    w = tl.load(w_ptr + cols, mask=mask, other=0.0)
    tl.store(y_ptr + row * n_cols + cols, x * s * w, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(dim))
        signs = torch.randint(0, 2, (dim,)).to(torch.float32) * 2.0 - 1.0
        self.register_buffer("signs", signs, persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x2 = x.contiguous().view(-1, x.shape[-1])
        y = torch.empty_like(x2)
        n_rows, n_cols = x2.shape
        BLOCK = 256
        grid = (n_rows, triton.cdiv(n_cols, BLOCK))
        _sign_scale_kernel[grid](x2, self.signs, self.weight, y, n_rows, n_cols, BLOCK=BLOCK)
        return y.view(x.shape)
