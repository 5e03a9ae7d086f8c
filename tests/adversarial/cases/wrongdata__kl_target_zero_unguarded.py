"""Family: wrong data (a one-signed input never held a zero)
Source: the textbook KL formula written straight into a kernel (F.kl_div uses xlogy: 0 * log 0 = 0)
Expected: correctness.mismatch on the exact_zeros family, which zeroes one-signed inputs too where the reference
          stays finite (judge.plan_zeros): NaN where F.kl_div gives a number

KL divergence (batchmean) computed as sum t * (log t - logp) / rows, with no guard for t == 0.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl


EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/kl_div_batchmean.py"}

@triton.jit
def kl_rows_kernel(lp_ptr, t_ptr, part_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    acc = tl.zeros((BLOCK,), dtype=tl.float32)
    for start in range(0, n_cols, BLOCK):
        offs = start + cols
        mask = offs < n_cols
        lp = tl.load(lp_ptr + row * n_cols + offs, mask=mask, other=0.0)
        t = tl.load(t_ptr + row * n_cols + offs, mask=mask, other=1.0)
        term = t * (tl.log(t) - lp)
        acc += tl.where(mask, term, 0.0)
    tl.store(part_ptr + row, tl.sum(acc, axis=0))


@triton.jit
def sum_scaled_kernel(part_ptr, out_ptr, n, scale, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    acc = tl.zeros((BLOCK,), dtype=tl.float32)
    for start in range(0, n, BLOCK):
        acc += tl.load(part_ptr + start + offs, mask=start + offs < n, other=0.0)
    tl.store(out_ptr, tl.sum(acc, axis=0) * scale)


class ModelNew(nn.Module):
    def forward(self, logp, target):
        logp = logp.contiguous()
        target = target.contiguous()
        rows, cols = logp.shape
        part = torch.empty((rows,), device=logp.device, dtype=torch.float32)
        kl_rows_kernel[(rows,)](logp, target, part, cols, BLOCK=256)
        out = torch.empty((), device=logp.device, dtype=torch.float32)
        sum_scaled_kernel[(1,)](part, out, rows, 1.0 / rows, BLOCK=128)
        return out
