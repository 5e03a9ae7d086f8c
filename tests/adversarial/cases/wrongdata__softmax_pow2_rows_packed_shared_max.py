"""Family: wrong data as right — softmax with a fast path for narrow power-of-two rows (4..256 wide) that packs
several rows into one program and shifts them all by the block's max instead of each row's own max.
Rows whose logits differ by more than ~88 within a packed group underflow to 0/0 = NaN (or lose all
precision). It passed a judge whose `below:` shape drew only odd widths under the task's narrowest (300), whose
unseen shape drew odd widths between 300 and 2048, and whose tiny shapes were 1 and 2 wide: no power-of-two
width in 4..256 ran.
Source: red-team review of the harness
Expected: correctness.mismatch at a power of two below the narrowest width given (tasks/sizes.py tiny_shapes), on large_logits
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "softmax"}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * stride_x
    m = tl.full([BLOCK], -1e30, tl.float32)
    s = tl.zeros([BLOCK], tl.float32)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        m_new = tl.maximum(m, x)
        s = s * tl.exp(m - m_new) + tl.where(mask, tl.exp(x - m_new), 0.0)
        m = m_new
    row_max = tl.max(m, axis=0)
    denom = tl.sum(s * tl.exp(m - row_max), axis=0)
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        tl.store(y_ptr + row * stride_y + start + cols, tl.exp(x - row_max) / denom, mask=mask)


@triton.jit
def softmax_packed_kernel(x_ptr, y_ptr, n_rows, stride_x, stride_y, N: tl.constexpr, ROWS: tl.constexpr):
    # several narrow rows per program: a (ROWS, N) tile
    pid = tl.program_id(0)
    r = pid * ROWS + tl.arange(0, ROWS)
    c = tl.arange(0, N)
    rmask = r < n_rows
    x = tl.load(x_ptr + r[:, None] * stride_x + c[None, :], mask=rmask[:, None], other=float("-inf"))
    mx = tl.max(tl.max(x, axis=1), axis=0)          # one shift for the whole tile
    e = tl.exp(x - mx)
    d = tl.sum(e, axis=1)
    tl.store(y_ptr + r[:, None] * stride_y + c[None, :], e / d[:, None], mask=rmask[:, None])


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        if 4 <= n_cols <= 256 and (n_cols & (n_cols - 1)) == 0:
            rows = 1024 // n_cols
            softmax_packed_kernel[(triton.cdiv(n_rows, rows),)](x, y, n_rows, x.stride(0), y.stride(0),
                                                                N=n_cols, ROWS=rows)
            return y
        block = min(triton.next_power_of_2(n_cols), 4096)
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=block)
        return y
