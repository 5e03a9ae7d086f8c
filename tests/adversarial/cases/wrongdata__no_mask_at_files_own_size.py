"""Family: wrongdata. An elementwise kernel with no mask: exact when the element count is a multiple of its
block, as the task file's own size is (64 x 1024). A KernelBench file without SHAPES was checked at its own
size only, so a kernel written for that one size passed; on any other size it reads and writes past the end.
Source: KernelBench's fixed problem sizes; sandbox/evaluate.with_unseen_shapes (a file without SHAPES).
Expected: correctness (a mismatch or an out-of-bounds access) at the unseen shape the judge draws from the file's
own sizes (odd ones: `input_shape[0]` becomes 1025).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.', 'task': 'tests/adversarial/tasks/scale_rows_kb.py',
          }


@triton.jit
def scale(x_ptr, y_ptr, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    tl.store(y_ptr + offs, tl.load(x_ptr + offs) * 2.0)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        scale[(triton.cdiv(x.numel(), 1024),)](x, y, BLOCK=1024)
        return y
