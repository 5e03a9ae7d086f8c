"""Family: wrong data as right — a transpose whose tile is turned by tl.dot(tl.trans(a), I,
input_precision="ieee") with a 0/1 identity matrix. Every product is x*1 or x*0 and every sum adds exact
zeros, so it is bit-exact (tolerance 0) for every finite value, but inf*0 = NaN: an inf or -inf in the input
turns its own element into NaN (-inf -> NaN) and poisons every other element of its output row within the
tile. It passed while the transpose task declared no families ("the values never enter arithmetic") and drew
randn only; transposing an additive attention mask (-inf entries) is an everyday input.
Source: red-team review of the harness
Expected: correctness.mismatch on transpose's non_finite family (inf * 0 = NaN spread over the tile)
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "transpose"}


@triton.jit
def transpose_mma_kernel(x_ptr, y_ptr, R, C, BR: tl.constexpr, BC: tl.constexpr):
    # y[j, i] = x[i, j]: the tile is turned by the tensor cores (exact fp32 products with a 0/1
    # permutation matrix) instead of being staged through shared memory by hand
    pr = tl.program_id(0) * BR + tl.arange(0, BR)
    pc = tl.program_id(1) * BC + tl.arange(0, BC)
    m = (pr[:, None] < R) & (pc[None, :] < C)
    a = tl.load(x_ptr + pr[:, None] * C + pc[None, :], mask=m, other=0.0)          # (BR, BC)
    ii = tl.arange(0, BR)
    eye = tl.where(ii[:, None] == ii[None, :], 1.0, 0.0).to(tl.float32)             # (BR, BR)
    at = tl.dot(tl.trans(a), eye, input_precision="ieee")                            # (BC, BR)
    tl.store(y_ptr + pc[:, None] * R + pr[None, :], at, mask=(pc[:, None] < C) & (pr[None, :] < R))


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        R, C = x.shape
        y = torch.empty((C, R), device=x.device, dtype=x.dtype)
        grid = (triton.cdiv(R, 32), triton.cdiv(C, 32))
        transpose_mma_kernel[grid](x, y, R, C, BR=32, BC=32)
        return y
