"""Family: wrong data — an autotuned softmax whose key leaves out the row length that its pruner decides by:
`key=["n_rows"]`, and an early_config_prune that keeps the one-block config (no loop) only where a row fits
in its block and the looped one only where it does not, so that every launch has one config. A GPU's
autotuner prunes at the first launch with a key and reuses what it kept for every later launch with it: the
one-block config chosen for short rows is then run on rows longer than its block, and drops their tails. A
judge that prunes again at every launch runs each row length with the config that suits it.
Source: a candidate with key=[] and a pruner on the row length; own variant with a key that names another
size.
Expected: correctness.mismatch: the configs kept at the first launch with a key are checked at every later
launch with that key (compat.interpreted_autotuning); here at the real row length, with as many rows as the
shorter rows had.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch'}


def suited(configs, named_args, **kwargs):
    n = named_args["n_cols"]
    return [c for c in configs if (c.kwargs["BLOCK"] >= n) != bool(c.kwargs["LOOP"])]


@triton.autotune(
    configs=[triton.Config({"BLOCK": 2048, "LOOP": 0}, num_warps=8),
             triton.Config({"BLOCK": 1024, "LOOP": 1}, num_warps=4)],
    key=["n_rows"],
    prune_configs_by={"early_config_prune": suited},
)
@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_rows, n_cols, stride_x, stride_y, BLOCK: tl.constexpr, LOOP: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * stride_x
    y_row = y_ptr + row * stride_y
    if LOOP:
        m = tl.full([BLOCK], float("-inf"), tl.float32)
        s = tl.zeros([BLOCK], tl.float32)
        for start in range(0, n_cols, BLOCK):
            mask = start + cols < n_cols
            x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
            m_new = tl.maximum(m, x)
            scale = tl.where(m_new == float("-inf"), 1.0, tl.exp(m - m_new))
            s = s * scale + tl.where(mask, tl.exp(x - m_new), 0.0)
            m = m_new
        row_max = tl.max(m, axis=0)
        denom = tl.sum(tl.where(m == float("-inf"), 0.0, s * tl.exp(m - row_max)), axis=0)
        for start in range(0, n_cols, BLOCK):
            mask = start + cols < n_cols
            x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
            tl.store(y_row + start + cols, tl.exp(x - row_max) / denom, mask=mask)
    else:
        mask = cols < n_cols
        x = tl.load(x_row + cols, mask=mask, other=float("-inf"))
        x = x - tl.max(x, axis=0)
        e = tl.exp(x)
        tl.store(y_row + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_rows, n_cols, x.stride(0), y.stride(0))
        return y
