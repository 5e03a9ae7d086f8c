"""Honest: the fast Walsh-Hadamard transform as fast-hadamard-transform kernels do it: log2(dim) butterfly
stages on a row held in registers (reshape, split, join), never reading the dense matrix the reference
multiplies by, and without a parameter of that name."""
import math

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def fwht_kernel(x_ptr, y_ptr, stride_x, stride_y, scale, D: tl.constexpr, LOG_D: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    offs = tl.arange(0, D)
    x = tl.load(x_ptr + row * stride_x + offs)
    for i in tl.static_range(LOG_D):
        x3 = tl.reshape(x, (D // (2 << i), 2, 1 << i))
        x3 = tl.permute(x3, (0, 2, 1))
        a, b = tl.split(x3)
        x3 = tl.join(a + b, a - b)
        x3 = tl.permute(x3, (0, 2, 1))
        x = tl.reshape(x3, (D,))
    tl.store(y_ptr + row * stride_y + offs, x * scale)


class ModelNew(nn.Module):
    def __init__(self, dim):
        super().__init__()
        assert dim & (dim - 1) == 0, "the Walsh-Hadamard transform needs a power-of-two width"
        self.dim = dim

    def forward(self, x):
        x = x.contiguous()
        M, D = x.shape
        y = torch.empty_like(x)
        fwht_kernel[(M,)](x, y, x.stride(0), y.stride(0), 1.0 / math.sqrt(D), D=D, LOG_D=D.bit_length() - 1,
                          num_warps=8)
        return y
