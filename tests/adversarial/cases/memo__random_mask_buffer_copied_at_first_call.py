"""Family: memo — a task whose module holds a random 0/1 pruning mask as a float buffer
(tests/adversarial/tasks/pruned_scale.py, y = x * (w * mask)). A 0/1 buffer is a mask to the trials' renewals,
never renewed, and the once-per-evaluation renewal of buffers drawn at random took integer ones only, so the
mask kept its values through every call. The candidate copies it with a kernel at its first forward and reads
only the copy afterwards, with no load_state_dict hook: wrong as soon as a checkpoint with another pruning
pattern is loaded.
Source: red-team review of the harness
Expected: correctness.mismatch on the first instance called again after new weights (judge.renew_integers
also gives buffers drawn at random of any dtype, masks included, a module built from another seed's values).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/adversarial/tasks/pruned_scale.py"}


@triton.jit
def copy_kernel(src_ptr, dst_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    tl.store(dst_ptr + offs, tl.load(src_ptr + offs, mask=m), mask=m)


@triton.jit
def scale_kernel(x_ptr, w_ptr, m_ptr, y_ptr, n_rows, n_cols, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    for start in range(0, n_cols, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        ok = cols < n_cols
        x = tl.load(x_ptr + row * n_cols + cols, mask=ok, other=0.0)
        w = tl.load(w_ptr + cols, mask=ok, other=0.0)
        keep = tl.load(m_ptr + cols, mask=ok, other=0.0)
        tl.store(y_ptr + row * n_cols + cols, x * (w * keep), mask=ok)


class ModelNew(nn.Module):
    def __init__(self, features):
        super().__init__()
        self.w = nn.Parameter(torch.randn(features))
        self.register_buffer("mask", (torch.rand(features) < 0.5).float())
        self.kept = None

    def forward(self, x):
        x = x.contiguous()
        if self.kept is None:
            self.kept = torch.empty_like(self.mask)
            n = self.mask.numel()
            copy_kernel[(triton.cdiv(n, 256),)](self.mask, self.kept, n, BLOCK=256)
        n_rows, n_cols = x.shape
        y = torch.empty_like(x)
        scale_kernel[(n_rows,)](x, self.w, self.kept, y, n_rows, n_cols, BLOCK=256)
        return y
