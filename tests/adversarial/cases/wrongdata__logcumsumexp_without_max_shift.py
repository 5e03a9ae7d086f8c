"""Family: wrong data  (logcumsumexp as log(cumsum(exp(x))): -inf / inf outside |x| < 88)
Source: the direct transcription an LLM writes for logcumsumexp (exp, a block scan with a carry, log), with no
running max: fine on the task's N(0, 9) inputs.
Expected: correctness.mismatch on the task's shifted_rows family (rows shifted by 150 to 250 either way, where
          exp underflows to 0 and the output is -inf, or overflows to inf)

logcumsumexp exists to work in the log domain: its inputs are log-probabilities, log-likelihoods, CTC/HMM
forward scores, which routinely lie below -103 (fp32 exp underflows to 0 there) or, for unnormalised
scores, above 88.7 (exp overflows). The honest task draws randn * 3 only (|x| < 20 at every checked size),
where exp never leaves fp32's range and log(cumsum(exp(x))) matches torch to ~1e-7. The judge adds no
magnitude family of its own (exact zeros and a zero row change nothing here), so the missing max shift,
which is the whole point of the operator, is never exercised.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/logcumsumexp.py"}


@triton.jit
def lcse_kernel(x_ptr, y_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    carry = 0.0
    for start in range(0, n_cols, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        mask = cols < n_cols
        x = tl.load(x_ptr + row * stride + cols, mask=mask, other=-float("inf"))
        e = tl.exp(x)
        s = tl.cumsum(e, 0) + carry
        tl.store(y_ptr + row * stride + cols, tl.log(s), mask=mask)
        carry += tl.sum(e, 0)


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        lcse_kernel[(x.shape[0],)](x, y, x.shape[1], x.stride(0), BLOCK=128)
        return y
