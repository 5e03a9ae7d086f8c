"""Honest: rows normalised with F.normalize's eps floor and their argmax, one program per row."""
import torch
import torch.nn as nn
import triton
import triton.language as tl



@triton.jit
def _norm_argmax(x_ptr, y_ptr, i_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    m = offs < n_cols
    x = tl.load(x_ptr + row * n_cols + offs, mask=m, other=0.0)
    ss = tl.sum(x * x, axis=0)
    inv = 1.0 / tl.maximum(tl.sqrt(ss), 1e-12)  # F.normalize's eps floor
    y = x * inv
    tl.store(y_ptr + row * n_cols + offs, y, mask=m)
    yv = tl.where(m, y, float("-inf"))
    tl.store(i_ptr + row, tl.argmax(yv, axis=0).to(tl.int64))


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor):
        x = x.contiguous()
        r, c = x.shape
        y = torch.empty_like(x)
        idx = torch.empty(r, dtype=torch.int64, device=x.device)
        _norm_argmax[(r,)](x, y, idx, c, BLOCK=triton.next_power_of_2(c))
        return y, idx
