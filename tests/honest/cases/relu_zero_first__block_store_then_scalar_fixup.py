"""Honest: a row's ReLU stored as a block, then the first element set by a one-element store (thread 0, which
holds position 0 of the block, both loaded and stores it)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def relu_fixup_kernel(y_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = y_ptr + tl.program_id(0) * stride
    cols = tl.arange(0, BLOCK)
    inside = cols < n_cols
    v = tl.load(row + cols, mask=inside, other=0.0)
    tl.store(row + cols, tl.maximum(v, 0.0), mask=inside)
    tl.store(row, 0.0)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = x.contiguous().clone()
        n_rows, n_cols = y.shape
        relu_fixup_kernel[(n_rows,)](y, n_cols, y.stride(0), BLOCK=max(triton.next_power_of_2(n_cols), 128),
                                     num_warps=4)
        return y
