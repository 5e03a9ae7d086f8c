"""Family: wrongdata — a GELU-times-gain kernel that indexes its input as a flat row-major tensor with no stride
argument and never calls `.contiguous()`. The task's input is a column slice of a wider buffer (rows 2 * dim
apart), so on a GPU every row past the first is read from the wrong place: the neighbouring columns of the
fused buffer. It passed while inputs that are not dense reached the candidate as fresh row-major copies.
Source: red-team review of the harness.
Expected: correctness.mismatch: the judge hands the input over with its strides and the storage between its
rows, as a GPU kernel gets it.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/sliced_gelu_gain_kb.py"}


@triton.jit
def gelu_gain_flat(x_ptr, g_ptr, y_ptr, n, n_cols, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    g = tl.load(g_ptr + offs % n_cols, mask=mask, other=0.0)
    tl.store(y_ptr + offs, 0.5 * x * (1.0 + tl.erf(x * 0.7071067811865476)) * g, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.gain = nn.Parameter(torch.randn(dim))

    def forward(self, x):
        rows, cols = x.shape
        y = torch.empty((rows, cols), device=x.device, dtype=x.dtype)
        n = rows * cols
        gelu_gain_flat[(triton.cdiv(n, 1024),)](x, self.gain, y, n, cols, BLOCK=1024)
        return y
