"""Honest: row XOR checksum with tl.xor_sum per chunk and a running ^ across chunks (masked lanes load 0, the
identity of xor)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def xor_rows_kernel(x_ptr, y_ptr, n_cols, stride_x, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    acc = tl.zeros([BLOCK], dtype=tl.int32)
    for off in range(0, n_cols, BLOCK):
        c = off + cols
        acc = acc ^ tl.load(x_ptr + row * stride_x + c, mask=c < n_cols, other=0)
    tl.store(y_ptr + row, tl.xor_sum(acc, axis=0))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        rows, cols = x.shape
        y = torch.empty(rows, device=x.device, dtype=torch.int32)
        xor_rows_kernel[(rows,)](x, y, cols, x.stride(0), BLOCK=256)
        return y
