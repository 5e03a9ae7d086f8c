"""Family: wrong data — an online log-softmax whose per-lane running max starts at -inf and whose rescale
exp(m - m_new) is guarded only for lanes past the end of a short row. A lane whose first logits are all -inf
computes exp(-inf - -inf) = NaN, which reaches the row's log-sum-exp: every row holding a masked (-inf) logit
comes out all NaN, where torch.log_softmax gives -inf at the masked logits and finite log-probabilities at the
rest. Exact on finite logits.
Source: a red-team finding against this harness (the softmax task's masked_logits family caught the same bug;
log_softmax drew finite logits only).
Expected: correctness.mismatch on the task's masked_logits family.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "log_softmax",
          "reason_contains": "(inputs: masked_logits)"}


@triton.jit
def log_softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * stride_x
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
    lse = row_max + tl.log(tl.sum(tl.where(lane_used, s * tl.exp(m - row_max), 0.0), axis=0))
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=0.0)
        tl.store(y_ptr + row * stride_y + start + cols, x - lse, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        block = min(triton.next_power_of_2(n_cols), 4096)
        log_softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=block)
        return y
