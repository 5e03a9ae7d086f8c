"""Family: wrong data — a temperature-scaled softmax whose temperature reaches forward as a 0-d tensor
(`torch.tensor(2.0)` in get_inputs). The kernel never reads that tensor and compiles in 1/2.0. The judge
redraws inputs by calling get_inputs again under new seeds and moves only plain Python floats/ints;
a deterministic tensor input (a 0-d scale, a constant vector) comes back identical in every trial, the
same-addresses trial only edits tensors of more than one element, and exact_zeros skips tensors under 16
elements — so nothing ever changes the temperature. Any caller with another temperature gets a softmax
at T = 2.
Source: red-team review of the harness
Expected: correctness.mismatch (floating tensor inputs whose value get_inputs fixes, moved like plain floats)
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/scaled_softmax_tensor_temp.py"}


@triton.jit
def _softmax(x_ptr, y_ptr, n_cols, INV_T: tl.constexpr, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    c = tl.arange(0, BLOCK)
    m = c < n_cols
    x = tl.load(x_ptr + row * n_cols + c, mask=m, other=float("-inf")) * INV_T
    x = x - tl.max(x, axis=0)
    e = tl.where(m, tl.exp(x), 0.0)
    tl.store(y_ptr + row * n_cols + c, e / tl.sum(e, axis=0), mask=m)


class ModelNew(nn.Module):
    def forward(self, x, temperature):
        x = x.contiguous()
        rows, cols = x.shape
        y = torch.empty_like(x)
        _softmax[(rows,)](x, y, cols, INV_T=0.5, BLOCK=triton.next_power_of_2(cols))
        return y
