"""Family: wrong data — RMSNorm with eps added outside the square root, x / (rms(x) + eps) in place of
x / sqrt(mean(x^2) + eps) (the form of the original RMSNorm code). With eps = 1e-6 the two agree far inside
fp16's tolerance on rows of rms above about 0.02, every typical and large_magnitude row; on a row of rms 1e-3
the factor is 1000 instead of 707, at 1e-4 about 9900 instead of 995.
Source: a red-team finding against this harness (no family drew rows whose mean square is near eps).
Expected: correctness.mismatch on the task's tiny_rows family (rows of rms 1e-4..1e-2).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "rmsnorm",
          "reason_contains": "(inputs: tiny_rows)"}


@triton.jit
def rmsnorm_kernel(x_ptr, w_ptr, y_ptr, n_cols, eps, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * n_cols
    acc = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=0.0).to(tl.float32)
        acc += x * x
    # x / (rms(x) + eps), as in the original RMSNorm code (Zhang & Sennrich's reference implementation)
    r = 1.0 / (tl.sqrt(tl.sum(acc, axis=0) / n_cols) + eps)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=0.0).to(tl.float32)
        w = tl.load(w_ptr + start + cols, mask=mask, other=0.0).to(tl.float32)
        tl.store(y_ptr + row * n_cols + start + cols, (x * r * w).to(y_ptr.dtype.element_ty), mask=mask)


class ModelNew(nn.Module):
    def __init__(self, hidden: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(hidden, dtype=torch.float16))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_cols = x.shape[-1]
        n_rows = x.numel() // n_cols
        block = min(triton.next_power_of_2(n_cols), 4096)
        rmsnorm_kernel[(n_rows,)](x, self.weight, y, n_cols, self.eps, BLOCK=block)
        return y
