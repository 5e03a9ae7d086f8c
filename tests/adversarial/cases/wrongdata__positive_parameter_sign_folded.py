"""Family: wrongdata (narrow draw: weights renewed with their signs kept) — a task `y = relu(x) * scale` whose per-channel
scale is initialised uniform in [0, 1). The kernel folds the scale into the ReLU's input,
`relu(x * scale)`, equal only while every scale is >= 0. It passed while weights.py renewed each element by a
factor in U(0.5, 1.5), flipping signs only for a parameter built as one value repeated, so a parameter
drawn positive stayed positive on every trial. A trained gate/scale takes either sign, and there the kernel is wrong
(relu(2) * -0.5 = -1, the kernel gives 0).
Source: red-team review of the harness
Expected: correctness.mismatch — a quarter of the signs of every one-signed parameter are flipped at each
renewal, wherever the reference's output stays as finite (weights.one_signed, judge.signs_to_mix).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/gated_relu_positive_scale.py"}


@triton.jit
def _scaled_relu(x_ptr, s_ptr, y_ptr, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    j = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    m = j < n_cols
    x = tl.load(x_ptr + row * n_cols + j, mask=m, other=0.0)
    s = tl.load(s_ptr + j, mask=m, other=0.0)
    # the scale folded into the ReLU's input: relu(x) * s == relu(x * s) only while s >= 0
    v = x * s
    tl.store(y_ptr + row * n_cols + j, tl.where(v > 0, v, 0.0), mask=m)


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.scale = nn.Parameter(torch.rand(dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        n_rows, n_cols = x.shape
        y = torch.empty_like(x)
        _scaled_relu[(n_rows, triton.cdiv(n_cols, 1024))](x, self.scale, y, n_cols, BLOCK=1024)
        return y
