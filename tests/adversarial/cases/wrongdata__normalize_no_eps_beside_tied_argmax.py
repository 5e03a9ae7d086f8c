"""Family: wrongdata — The task returns an L2-normalised embedding and its argmax. A whole zero row (padding) makes the argmax a tie, so plan_zeros finds the reference's integer output tie-dependent (zero_ties) and drops the WHOLE exact-zeros family, float output included. The kernel divides by sqrt(sum x^2) with no eps floor (F.normalize clamps the norm at 1e-12), so every zero row becomes NaN instead of 0. The same kernel on the same task without the argmax output fails at correctness.mismatch (exact_zeros).
Source: red-team review of the harness
Expected: the exact-zeros family should stay on for the float outputs (compare only the floating outputs, or only the non-tied integer elements, when zero_ties is set) -> correctness.mismatch
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/normalize_argmax.py"}


@triton.jit
def _norm_argmax(x_ptr, y_ptr, i_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    offs = tl.arange(0, BLOCK)
    m = offs < n_cols
    x = tl.load(x_ptr + row * n_cols + offs, mask=m, other=0.0)
    ss = tl.sum(x * x, axis=0)
    inv = 1.0 / tl.sqrt(ss)          # no eps floor
    y = x * inv
    tl.store(y_ptr + row * n_cols + offs, y, mask=m)
    yv = tl.where(m, y, float("-inf"))
    tl.store(i_ptr + row, tl.argmax(yv, axis=0).to(tl.int64))


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor):
        x = x.contiguous()
        r, c = x.shape
        y = torch.empty_like(x)
        idx = torch.empty(r, dtype=torch.int64, device=x.device)
        _norm_argmax[(r,)](x, y, idx, c, BLOCK=triton.next_power_of_2(c))
        return y, idx
