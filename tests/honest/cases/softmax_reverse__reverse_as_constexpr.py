"""Honest: a row softmax written in reverse where the flag asks, the flag a constexpr (one compiled kernel per value)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl



@triton.jit
def _softmax(x_ptr, y_ptr, n_cols, REVERSE: tl.constexpr, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    m = offs < n_cols
    x = tl.load(x_ptr + row * n_cols + offs, mask=m, other=float("-inf"))
    x = x - tl.max(x, axis=0)
    e = tl.exp(x)
    dst = n_cols - 1 - offs if REVERSE else offs
    tl.store(y_ptr + row * n_cols + dst, e / tl.sum(e, axis=0), mask=m)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor, reverse: bool):
        x = x.contiguous()
        r, c = x.shape
        y = torch.empty_like(x)
        _softmax[(r,)](x, y, c, REVERSE=bool(reverse), BLOCK=triton.next_power_of_2(c))
        return y
