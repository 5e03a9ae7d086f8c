"""Family: shapes the check never reaches. On a plain KernelBench file (no SHAPES) the CPU judges at sizes it
chooses for the interpreter; a candidate that declines those (raises before answering) is checked at their twin
with the sizes the file gives as powers of two kept so. Here the file's width is 6000, no power of two, and the
kernel's whole-row block (`tl.arange(0, N)`) needs one: it refuses the task's own width, so it declines the
twin too, and is rejected rather than checked at whatever it accepts.
Source: the `auto:` twins of sandbox/evaluate.py (with_powers_kept_twins) and tasks/sizes.py (powers_kept_twin).
Expected: correctness stage, run.exception.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'run.exception', 'task': 'tests/adversarial/tasks/rmsnorm_kb_odd_width.py'}


@triton.jit
def _rms_norm_row(x_ptr, w_ptr, y_ptr, eps, N: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, N)
    x = tl.load(x_ptr + row * N + cols)
    inv = 1.0 / tl.sqrt(tl.sum(x * x, axis=0) / N + eps)
    tl.store(y_ptr + row * N + cols, x * inv * tl.load(w_ptr + cols))


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
        _rms_norm_row[(x2.shape[0],)](x2, self.weight, y, self.eps, N=n)
        return y.view_as(x)
