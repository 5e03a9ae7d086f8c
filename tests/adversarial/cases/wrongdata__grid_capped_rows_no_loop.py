"""Family: shapes the check never reaches. The launch grid is `min(rows, 8)` programs and nothing loops over
the rows past them, so rows 8 onwards are never written. The suite softmax gives batches of 7 and 3, and the
unseen shape varied only the sizes above 16, so no checked input had more than 8 rows and it passed; at the
real size (16384 rows) all but 8 rows are garbage. The unseen shape now draws a small size the task varies
above the largest it gives (9 to 25 rows here) where the cost allows: for this task in about 93% of the
drawn shapes, so the case replays one of those (`shape_seed`).
Source: grid caps copied from persistent kernels without their tile loop; tasks/sizes.unseen_shape.
Expected: correctness stage, correctness.mismatch.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'softmax', 'reason_contains': 'unseen',
          'shape_seed': 1}


@triton.jit
def row_softmax(x_ptr, y_ptr, n_cols, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    run_max = tl.full([BLOCK], float("-inf"), tl.float32)
    run_sum = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        x = tl.load(x_ptr + row * stride + cols, mask=cols < n_cols, other=float("-inf"))
        grown = tl.maximum(run_max, x)
        run_sum = run_sum * tl.exp(tl.where(run_max == grown, 0.0, run_max - grown)) + tl.where(
            x == float("-inf"), 0.0, tl.exp(x - grown))
        run_max = grown
    top = tl.max(run_max, axis=0)
    total = tl.sum(run_sum * tl.exp(run_max - top), axis=0)
    for start in range(0, n_cols, BLOCK):
        cols = start + tl.arange(0, BLOCK)
        x = tl.load(x_ptr + row * stride + cols, mask=cols < n_cols, other=float("-inf"))
        tl.store(y_ptr + row * stride + cols, tl.exp(x - top) / total, mask=cols < n_cols)


class ModelNew(nn.Module):
    def forward(self, x):
        x = x.contiguous()
        y = torch.empty_like(x)
        row_softmax[(min(x.shape[0], 8),)](x, y, x.shape[1], x.stride(0), BLOCK=512)
        return y
