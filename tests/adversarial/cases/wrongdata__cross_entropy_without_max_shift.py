"""Family: wrong data — values the typical inputs never reach: a cross-entropy whose logsumexp exponentiates
without subtracting the row maximum. On logits of a few units (the task's typical draw) it is right; on rows
shifted by a hundred and more (an LM's logits late in training), exp overflows fp32 or underflows to 0, and the
loss is inf or -inf.
Source: a known way to game a harness (values that never reach the hard cases: large logits for
cross-entropy).
Expected: correctness.mismatch on the task's large_logits family (INPUT_CASES), which every shape is checked on.
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
    acc = tl.zeros([BLOCK], tl.float32)
    for start in range(0, vocab, BLOCK):
        m = start + cols < vocab
        acc += tl.where(m, tl.exp(tl.load(x_ptr + row * vocab + start + cols, mask=m, other=0.0)), 0.0)
    t = tl.load(t_ptr + row)
    valid = t != -100
    picked = tl.load(x_ptr + row * vocab + tl.where(valid, t, 0))
    tl.store(loss_ptr + row, tl.where(valid, tl.log(tl.sum(acc, axis=0)) - picked, 0.0))


class ModelNew(nn.Module):
    def forward(self, x, t):
        x = x.contiguous()
        loss = torch.empty(x.shape[0], device=x.device, dtype=torch.float32)
        ce_kernel[(x.shape[0],)](x, t.contiguous(), loss, x.shape[1], BLOCK=1024)
        return loss
