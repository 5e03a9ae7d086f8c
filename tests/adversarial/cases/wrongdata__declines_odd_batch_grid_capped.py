"""Family: shapes the check never reaches. A grid of `min(rows, 16)` row programs with nothing looping over
the rows past them, and host code that declines any batch that is not a power of two. The drawn shape raises
the batch past the largest given (8) to an odd count, which the kernel declines; the batch is a power of two
in every shape and at the real size, so the redraw with powers of two kept used to keep it one, and always 16,
exactly what the cap covers. A small count is now raised in the redraw as in the draw, and here, where no size
above 16 is a power of two, there is no redraw: declining is the verdict.
Source: tasks/sizes.unseen_shape(powers_kept=True); the grid-cap family (wrongdata__grid_capped_rows_no_loop).
Expected: correctness stage, run.exception.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'run.exception', 'task': 'tests/adversarial/tasks/row_weight_scale.py',
          'shape_seed': 5}

MAX_ROW_PROGRAMS = 16


@triton.jit
def rowscale_kernel(x_ptr, w_ptr, y_ptr, n, stride, BLOCK: tl.constexpr):
    row = tl.program_id(0).to(tl.int64)
    cols = tl.program_id(1) * BLOCK + tl.arange(0, BLOCK)
    mask = cols < n
    x = tl.load(x_ptr + row * stride + cols, mask=mask, other=0.0)
    w = tl.load(w_ptr + cols, mask=mask, other=0.0)
    tl.store(y_ptr + row * stride + cols, x * w, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, n: int):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(n))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        rows, n = x.shape
        if rows & (rows - 1):
            raise ValueError("the row tiling needs a power-of-two batch")
        y = torch.empty_like(x)
        block = 256
        grid = (min(rows, MAX_ROW_PROGRAMS), triton.cdiv(n, block))
        rowscale_kernel[grid](x, self.weight, y, n, x.stride(0), BLOCK=block)
        return y
