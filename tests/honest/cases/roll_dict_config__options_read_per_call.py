"""Honest: a row roll and scale configured by an options dict given to forward; both options are read at every call and passed as runtime arguments."""
import torch
import torch.nn as nn
import triton
import triton.language as tl



@triton.jit
def _roll_scale(x_ptr, y_ptr, n_cols, scale, shift, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    for start in range(0, n_cols, BLOCK):
        c = start + tl.arange(0, BLOCK)
        m = c < n_cols
        src = (c - shift) % n_cols
        src = tl.where(src < 0, src + n_cols, src)
        x = tl.load(x_ptr + row * n_cols + src, mask=m)
        tl.store(y_ptr + row * n_cols + c, x * scale, mask=m)


class ModelNew(nn.Module):
    def forward(self, x, cfg):
        x = x.contiguous()
        rows, cols = x.shape
        y = torch.empty_like(x)
        _roll_scale[(rows,)](x, y, cols, float(cfg["scale"]), int(cfg["shift"]), BLOCK=256)
        return y
