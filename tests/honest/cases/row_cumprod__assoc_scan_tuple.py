"""Honest: row cumulative product as a segmented scan over tuples: tl.associative_scan((x, flag), 0,
combine) with a tuple-returning combine function, chunked with a carried running product."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _mul_pair(a_val, a_cnt, b_val, b_cnt):
    return a_val * b_val, a_cnt + b_cnt


@triton.jit
def cumprod_kernel(x_ptr, y_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    carry = 1.0
    for start in range(0, n_cols, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        mask = cols < n_cols
        x = tl.load(x_ptr + row * n_cols + cols, mask=mask, other=1.0)
        cnt = mask.to(tl.int32)
        prod, _cnt = tl.associative_scan((x, cnt), 0, _mul_pair)
        out = prod * carry
        tl.store(y_ptr + row * n_cols + cols, out, mask=mask)
        carry = carry * tl.reduce(x, 0, _mul_scalar)


@triton.jit
def _mul_scalar(a, b):
    return a * b


class ModelNew(nn.Module):
    def forward(self, x):
        rows, cols = x.shape
        y = torch.empty_like(x)
        cumprod_kernel[(rows,)](x, y, cols, BLOCK=16)
        return y
