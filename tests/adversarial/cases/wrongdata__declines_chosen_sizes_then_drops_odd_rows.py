"""Family: shapes the check never reaches. On a plain KernelBench file (no SHAPES) judged at sizes chosen for
the interpreter, the kernel declines every chosen size set with an odd width, so it is checked at their twins,
where the width (a power of two in the file) stays one; there it answers, but processes the rows in pairs and
drops a last odd row. The first twin keeps only the last declared size (the width) a power of two, and the
next twin is checked only where this one is declined, so the row count there stays odd and the dropped row
shows.
Source: the `auto:` twins of sandbox/evaluate.py (with_powers_kept_twins) and tasks/sizes.py (powers_kept_twin).
Expected: correctness stage, correctness.mismatch.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'tests/honest/tasks/rmsnorm_kb.py'}


@triton.jit
def _rms_norm_pair(x_ptr, w_ptr, y_ptr, eps, N: tl.constexpr):
    row = 2 * tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, N)
    w = tl.load(w_ptr + cols)
    for r in tl.static_range(2):
        x = tl.load(x_ptr + (row + r) * N + cols)
        inv = 1.0 / tl.sqrt(tl.sum(x * x, axis=0) / N + eps)
        tl.store(y_ptr + (row + r) * N + cols, x * inv * w)


class ModelNew(nn.Module):
    def __init__(self, features: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(features))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n = x.shape[-1]
        assert n & (n - 1) == 0, f"the row width must be a power of two, got {n}"
        x2 = x.reshape(-1, n).contiguous()
        y = torch.empty_like(x2)
        _rms_norm_pair[(x2.shape[0] // 2,)](x2, self.weight, y, self.eps, N=n)
        return y.view_as(x)
