"""Honest: torch.roll along the last dimension with the shift taken from forward's int argument at every call
(reduced modulo the width on the host, passed as a runtime kernel argument), one program per row block."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def roll_kernel(x_ptr, y_ptr, cols, shift, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    j = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    mask = j < cols
    src = j - shift
    src = tl.where(src < 0, src + cols, src)
    v = tl.load(x_ptr + row * stride_x + src, mask=mask)
    tl.store(y_ptr + row * stride_y + j, v, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor, shift: int) -> torch.Tensor:
        x = x.contiguous()
        rows, cols = x.shape
        y = torch.empty_like(x)
        block = min(1024, triton.next_power_of_2(cols))
        grid = (rows, triton.cdiv(cols, block))
        roll_kernel[grid](x, y, cols, shift % cols, x.stride(0), y.stride(0), BLOCK=block)
        return y
