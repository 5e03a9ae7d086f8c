"""Family: wrong data  (a special value: -0.0)
Source: the copysign every tutorial-style LLM writes first: `tl.where(b < 0, -|a|, |a|)`, reading the sign
of b by comparison instead of from its sign bit.
Expected: correctness.mismatch on the exact_zeros family, whose zeros take the sign of the value they replace
          where the reference's values depend on it (judge.plan_zeros): b = -0.0 gives -|a| in torch, +|a| here

torch.copysign(a, b) takes the sign *bit* of b: copysign(3, -0.0) = -3. A comparison sees -0.0 == 0.0 and
returns +3. -0.0 is common in real tensors: the product of a negative value and 0 (a masked activation,
x * dropout_mask), torch.round of small negatives, an fp16/bf16 cast of a tiny negative, -x of a zero.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/copysign.py"}


@triton.jit
def copysign_kernel(a_ptr, b_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    a = tl.load(a_ptr + offs, mask=mask, other=0.0)
    b = tl.load(b_ptr + offs, mask=mask, other=0.0)
    mag = tl.abs(a)
    y = tl.where(b < 0, -mag, mag)
    tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        a = a.contiguous()
        b = b.contiguous()
        y = torch.empty_like(a)
        n = y.numel()
        copysign_kernel[(triton.cdiv(n, 1024),)](a, b, y, n, BLOCK=1024)
        return y
