"""Family: wrongdata — a row softmax as one block of 1024 columns, no loop, on a plain file whose sizes are
annotated globals (`dim: int = 1000`, tests/honest/tasks/softmax_annotated_sizes.py). The size search read
plain assignments only, so the file had no sizes: no unseen, below or real-length shape was drawn and the
1000-wide rows of the given shape were all that was checked. Rows wider than 1024 come back with their first
1024 columns normalised over themselves and the rest never written.
Source: red-team review of the harness
Expected: correctness.mismatch at the unseen shape, whose width is drawn from half the file's to half as much
again (seed 0 draws one wider than the block): an annotated global with a value is a size like a plain one
(loader.bindings).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "tests/honest/tasks/softmax_annotated_sizes.py",
          "shape_seed": 0, "reason_contains": "unseen"}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, sx, sy, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    ok = cols < n_cols
    x = tl.load(x_ptr + row * sx + cols, mask=ok, other=float("-inf"))
    x = x - tl.max(x, axis=0)
    e = tl.exp(x)
    tl.store(y_ptr + row * sy + cols, e / tl.sum(e, axis=0), mask=ok)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        x = x.contiguous()
        rows, n = x.shape
        y = torch.empty_like(x)
        softmax_kernel[(rows,)](x, y, n, x.stride(0), y.stride(0), BLOCK=1024)
        return y
