"""Family: wrong data on a GPU only (a path never run on the CPU) — a softmax that switches to a second kernel once the batch has more than 2048 rows,
a size no checked shape reaches on a CPU (the many-programs shape stops near 1152 rows; the task's own batch is
16384). The second kernel adds 1e-3 to every denominator: wrong on every row of the real batch. Its
compile at the task's own size launches it, and the checks never did.
Source: own construction (a size threshold past every checked shape).
Expected: build stage, unverified.real_size_path (never a pass: the kernel that runs at the real size was not
checked).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'build', 'check': 'unverified.real_size_path', 'verdict_in': ['unverified'],
          'reason_contains': 'softmax_rows_many'}


@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * stride_x
    # pass 1: running max and rescaled running sum (online softmax), one block at a time
    # finite start value: (-inf) - (-inf) would turn never-valid lanes into NaN
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
    # pass 2: normalise and write
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        tl.store(y_ptr + row * stride_y + start + cols, tl.exp(x - row_max) / denom, mask=mask)


@triton.jit
def softmax_rows_many(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * stride_x
    # pass 1: running max and rescaled running sum (online softmax), one block at a time
    # finite start value: (-inf) - (-inf) would turn never-valid lanes into NaN
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
    # pass 2: normalise and write
    for start in range(0, n_cols, BLOCK):
        mask = start + cols < n_cols
        x = tl.load(x_row + start + cols, mask=mask, other=float("-inf"))
        tl.store(y_ptr + row * stride_y + start + cols, tl.exp(x - row_max) / (denom + 1e-3), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        block = min(triton.next_power_of_2(n_cols), 4096)
        kernel = softmax_rows_many if n_rows > 2048 else softmax_kernel
        kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=block)
        return y
