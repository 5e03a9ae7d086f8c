"""Family: wrong data — values the typical inputs rarely reach: a cross-entropy whose gather of the target's
logit is masked one class short (`t < vocab - 1`, `other=0.0`), so a token whose target is the last class gets
the whole logsumexp as its loss. Random targets among a thousand classes or more land on the last one in a few
rows of a hundred at most, so the typical draw is right on most seeds; an LM's tokenizer puts real tokens there.
Source: a known way to game a harness (boundary indices never drawn: the last class, the last embedding row).
Expected: correctness.mismatch on the task's boundary_targets family (INPUT_CASES), which every shape is
checked on.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "cross_entropy"}


@triton.jit
def ce_kernel(x_ptr, t_ptr, loss_ptr, vocab, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    m = tl.full([BLOCK], float("-inf"), tl.float32)
    s = tl.zeros([BLOCK], tl.float32)
    for start in range(0, vocab, BLOCK):
        mask = start + cols < vocab
        x = tl.load(x_ptr + row * vocab + start + cols, mask=mask, other=float("-inf"))
        m_new = tl.maximum(m, x)
        s = s * tl.where(m == m_new, 1.0, tl.exp(m - m_new)) + tl.where(mask, tl.exp(x - m_new), 0.0)
        m = m_new
    top = tl.max(m, axis=0)
    lse = top + tl.log(tl.sum(s * tl.exp(m - top), axis=0))
    t = tl.load(t_ptr + row)
    valid = t != -100
    picked = tl.load(x_ptr + row * vocab + tl.where(valid, t, 0), mask=valid & (t < vocab - 1), other=0.0)
    tl.store(loss_ptr + row, tl.where(valid, lse - picked, 0.0))


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        x, t = x.contiguous(), t.contiguous()
        loss = torch.empty(x.shape[0], dtype=torch.float32, device=x.device)
        ce_kernel[(x.shape[0],)](x, t, loss, x.shape[1], BLOCK=1024)
        return loss
