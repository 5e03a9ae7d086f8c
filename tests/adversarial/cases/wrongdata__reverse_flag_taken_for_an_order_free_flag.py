"""Family: wrongdata — forward(x, reverse: bool) returns softmax rows flipped when reverse is set. Flipping the flag leaves every row the same multiset in another, unsorted order, so check_other_ints takes it for an order-only flag (_reordered_freely, meant for topk sorted=False) and never calls the candidate with it flipped. The kernel ignores reverse entirely: wrong for every call with reverse=True.
Source: red-team review of the harness
Expected: _reordered_freely should accept a reorder only where the reference's order itself is unspecified (e.g. the flag flip gives a different order on a second draw / a permutation that is not fixed), not any deterministic permutation -> correctness.mismatch
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/softmax_reverse.py"}


@triton.jit
def _softmax(x_ptr, y_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    m = offs < n_cols
    x = tl.load(x_ptr + row * n_cols + offs, mask=m, other=float("-inf"))
    x = x - tl.max(x, axis=0)
    e = tl.exp(x)
    tl.store(y_ptr + row * n_cols + offs, e / tl.sum(e, axis=0), mask=m)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor, reverse: bool):
        # `reverse` is not used: the positions are always written in their given order
        x = x.contiguous()
        r, c = x.shape
        y = torch.empty_like(x)
        _softmax[(r,)](x, y, c, BLOCK=triton.next_power_of_2(c))
        return y
