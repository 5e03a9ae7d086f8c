"""Family: wrong data  (softplus as log(1 + exp(x)) with no threshold: inf for x > 88.7)
Source: the textbook formula an LLM writes for softplus, `tl.log(1 + tl.exp(x))`, without PyTorch's
threshold=20 branch (the form in many from-scratch Triton activation kernels).
Expected: correctness.mismatch on the task's large_magnitude family (pre-activations of about 50 either way,
          where torch gives x past its threshold and this kernel gives inf)

softplus(x) = x for x > 20 in PyTorch; log(1 + exp(x)) overflows to inf once exp(x) does (x > 88.72 in
fp32). The honest `softplus` task draws only randn * 8, so the largest value any checked shape holds
(about 3e5 elements at the many-programs shape) is ~40: exp(40) is finite and log(1 + exp(40)) rounds to
40 exactly. For negative x the dropped log1p costs < 6e-8 absolute, inside the atol. So every drawn value
is right, while any pre-activation above 88.7 (logits, unnormalised scores, a softplus-parameterised scale
after a large update) gives inf.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/softplus.py"}


@triton.jit
def softplus_kernel(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    y = tl.log(1.0 + tl.exp(x))
    tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        softplus_kernel[(triton.cdiv(n, 1024),)](x, y, n, BLOCK=1024)
        return y
