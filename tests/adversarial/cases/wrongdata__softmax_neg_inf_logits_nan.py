"""Family: values the check never draws. An online softmax whose running max starts at -inf and whose rescale
factor exp(m - m_new) is guarded only past the end of a short row: a lane that has seen only -inf logits
computes exp(-inf - -inf) = NaN, which reaches the row's sum, so every row holding a masked (-inf) logit
comes out NaN. Exact on finite logits.
Source: masked attention and sampler logits (torch.softmax handles -inf); the softmax task's masked_logits family.
Expected: correctness stage, correctness.mismatch.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'softmax'}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * stride_x
    # pass 1: running max and rescaled running sum (online softmax), one block at a time
    m = tl.full([BLOCK], float("-inf"), tl.float32)
    lane_used = cols < n_cols  # lanes past a short row's end never hold data
    s = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        m_new = tl.maximum(m, x)
        # lanes past the end of a short row hold -inf throughout: keep their sum at 0
        alpha = tl.where(lane_used, tl.exp(m - m_new), 0.0)
        s = s * alpha + tl.where(mask, tl.exp(x - m_new), 0.0)
        m = m_new
    row_max = tl.max(m, axis=0)
    denom = tl.sum(s * tl.exp(m - row_max), axis=0)
    # pass 2: normalise and write
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        tl.store(y_ptr + row * stride_y + start + cols, tl.exp(x - row_max) / denom, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        block = min(triton.next_power_of_2(n_cols), 4096)
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=block)
        return y
