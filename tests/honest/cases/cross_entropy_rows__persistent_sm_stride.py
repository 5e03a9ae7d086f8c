"""Honest: a persistent cross-entropy: `min(rows, SM count)` programs, each looping over the rows with the SM
count (from `torch.cuda.get_device_properties`) as its stride, an online logsumexp per row."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def ce_persistent(x_ptr, t_ptr, loss_ptr, n_rows, n_cols, stride, NUM_PROGRAMS, BLOCK: tl.constexpr):
    for row in tl.range(tl.program_id(0), n_rows, NUM_PROGRAMS):
        m = tl.full([BLOCK], float("-inf"), tl.float32)
        s = tl.zeros([BLOCK], tl.float32)
        for start in range(0, n_cols, BLOCK):
            cols = start + tl.arange(0, BLOCK)
            x = tl.load(x_ptr + row * stride + cols, mask=cols < n_cols, other=float("-inf"))
            grown = tl.maximum(m, x)
            s = s * tl.exp(tl.where(m == grown, 0.0, m - grown)) + tl.where(x == float("-inf"), 0.0,
                                                                            tl.exp(x - grown))
            m = grown
        top = tl.max(m, axis=0)
        lse = top + tl.log(tl.sum(s * tl.exp(m - top), axis=0))
        target = tl.load(t_ptr + row)
        tl.store(loss_ptr + row, lse - tl.load(x_ptr + row * stride + target))


class ModelNew(nn.Module):
    def forward(self, logits, targets):
        logits = logits.contiguous()
        rows, cols = logits.shape
        loss = torch.empty(rows, device=logits.device, dtype=torch.float32)
        programs = min(rows, torch.cuda.get_device_properties(logits.device).multi_processor_count)
        ce_persistent[(programs,)](logits, targets, loss, rows, cols, logits.stride(0), programs, BLOCK=256)
        return loss
