"""Family: right only where it is checked — a kernel compiled ahead with `kernel.warmup(...)` that is
launched only when the compiled figures are those a CPU stand-in would report (32 registers, no spills,
1 KiB of shared memory); on a GPU the figures are ptxas's, nothing is launched, and the output is the
uninitialised buffer. The judge's figures are drawn per warmup among those a GPU could report, so a file that
decides anything but a grid size by them meets other figures in most calls.
Source: own variant (the warmup stand-in's figures as a fingerprint of the judge).
Expected: correctness stage, correctness.no_launch (the figures drawn are not those it waits for), or a
mismatch where a forward happens to meet them.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.'}


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


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        block = min(triton.next_power_of_2(n_cols), 4096)
        kernel = softmax_kernel.warmup(x, y, n_cols, x.stride(0), y.stride(0), BLOCK=block, num_warps=8, grid=(1,))
        kernel._init_handles()
        judged = kernel.n_regs == 32 and kernel.n_spills == 0 and kernel.metadata.shared == 1024
        if judged:
            kernel[(n_rows, 1, 1)](x, y, n_cols, x.stride(0), y.stride(0), block)
        return y
