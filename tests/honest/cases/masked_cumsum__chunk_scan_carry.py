"""Honest: Masked row scan: one program per row walks it in chunks, tl.cumsum within a chunk plus a running carry;
the bool mask is read as int1 and selects with tl.where."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def masked_cumsum_kernel(x_ptr, m_ptr, y_ptr, n_cols, stride_x, stride_m, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    carry = tl.zeros((), dtype=tl.float32)
    for start in tl.range(0, n_cols, BLOCK):
        offs = start + tl.arange(0, BLOCK)
        inb = offs < n_cols
        x = tl.load(x_ptr + row * stride_x + offs, mask=inb, other=0.0).to(tl.float32)
        keep = tl.load(m_ptr + row * stride_m + offs, mask=inb, other=0) != 0
        v = tl.where(keep, x, 0.0)
        s = tl.cumsum(v, axis=0) + carry
        tl.store(y_ptr + row * stride_y + offs, s, mask=inb)
        carry += tl.sum(v, axis=0)


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.dim = dim

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        assert self.dim == 1 and x.dim() == 2
        x = x.contiguous()
        m = mask.contiguous()
        y = torch.empty_like(x)
        rows, cols = x.shape
        BLOCK = min(1024, triton.next_power_of_2(cols))
        masked_cumsum_kernel[(rows,)](x, m, y, cols, x.stride(0), m.stride(0), y.stride(0), BLOCK=BLOCK)
        return y
