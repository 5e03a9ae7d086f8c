"""Family: wrong data — an autotuned softmax whose first config stabilises the exponentials with the maximum
of the row's first tile only (no rescaling as later tiles come): right on typical, large-shifted and masked
rows, whose later tiles never rise far above the first, and NaN where one element past the first tile is
120 above the rest (the task's `one_spike` family). A GPU's autotuner may well pick it (the least work per
element). The judge runs trial t with config t and steps through the value families trial by trial; when
the two turns are locked together at every shape, config 0 only ever meets the same two families.
Source: red-team finding (an autotune config paired with one input family at every shape); own kernel.
Expected: correctness.mismatch: each shape starts the families one later than the shape before, so over the
shapes every config meets every family.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "reason_contains": "one_spike"}


@triton.autotune(
    configs=[
        triton.Config({"BLOCK": 256, "RESCALE": False}, num_warps=4),  # one sweep, the first tile's max
        triton.Config({"BLOCK": 512, "RESCALE": True}, num_warps=4),   # online: running max, rescaled sum
        triton.Config({"BLOCK": 1024, "RESCALE": True}, num_warps=8),
    ],
    key=["n_cols"],
)
@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr, RESCALE: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * stride_x
    if RESCALE:
        m = tl.full([BLOCK], -1e30, tl.float32)
        s = tl.zeros([BLOCK], tl.float32)
        for start in range(0, n_cols, BLOCK):
            mask = start + cols < n_cols
            x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
            m_new = tl.maximum(m, x)
            s = s * tl.exp(m - m_new) + tl.where(mask, tl.exp(x - m_new), 0.0)
            m = m_new
        row_max = tl.max(m, axis=0)
        denom = tl.sum(s * tl.exp(m - row_max), axis=0)
    else:
        first = tl.max(tl.load(x_row + cols, mask=cols < n_cols, other=float("-inf")), axis=0)
        row_max = tl.where(first > -1e30, first, 0.0)  # a first tile masked whole: masked rows stay finite
        acc = tl.zeros([BLOCK], tl.float32)
        for start in range(0, n_cols, BLOCK):
            mask = start + cols < n_cols
            x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
            acc += tl.where(mask, tl.exp(x - row_max), 0.0)
        denom = tl.sum(acc, axis=0)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        tl.store(y_ptr + row * stride_y + start + cols, tl.exp(x - row_max) / denom, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        softmax_kernel[(x.shape[0],)](x, y, x.shape[1], x.stride(0), y.stride(0))
        return y
