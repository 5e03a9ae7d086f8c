"""Honest: Triton tutorial 02 fused softmax (one program per row, row in one block) behind an F.softmax-like
signature that supports the last dimension only and says so, as most public Triton softmax ops do."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def softmax_kernel(out_ptr, in_ptr, in_row_stride, out_row_stride, n_cols, BLOCK_SIZE: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK_SIZE)
    mask = cols < n_cols
    x = tl.load(in_ptr + row * in_row_stride + cols, mask=mask, other=-float("inf"))
    x = x - tl.max(x, axis=0)
    num = tl.exp(x)
    out = num / tl.sum(num, axis=0)
    tl.store(out_ptr + row * out_row_stride + cols, out, mask=mask)


def softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    if dim not in (-1, x.ndim - 1):
        raise NotImplementedError("softmax kernel supports the last dimension only")
    x2 = x.reshape(-1, x.shape[-1])
    n_rows, n_cols = x2.shape
    y = torch.empty_like(x2)
    softmax_kernel[(n_rows,)](y, x2, x2.stride(0), y.stride(0), n_cols,
                              BLOCK_SIZE=triton.next_power_of_2(n_cols))
    return y.view_as(x)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor, dim: int) -> torch.Tensor:
        return softmax(x, dim)
