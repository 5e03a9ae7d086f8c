"""Family: shapes the check never reaches. A persistent softmax (a grid of min(rows, SM count), each program
walking rows a grid apart) whose running max is set once, before the row loop, so every row after a
program's first is shifted by the largest max of the rows before it: a row far below an earlier one
underflows to 0/0. The whole GPU (132 SMs) gives every checked row a program of its own, so the loop never
ran; the 16-SM look (a MIG slice) made one call per shape on typical rows only; and the large-logits family
alternated its row shift by row parity, so on any even grid a program's rows shared a sign. Now the 16-SM
look calls every value family, the task has a family of falling rows (each row shifted below the one before,
so a carried max meets a lower row on any grid), and the drawn batch goes past 16.
Source: a red-team finding against this harness (a persistent loop that never iterates at checked sizes).
Expected: correctness.mismatch in the 16-SM look (`(on 16 SMs: ...)`, inputs: falling_rows).
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch", "task": "softmax"}


@triton.jit
def softmax_persistent(x_ptr, y_ptr, n_rows, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    nprog = tl.num_programs(0)
    cols = tl.arange(0, BLOCK)
    m = tl.full([BLOCK], -1e30, tl.float32)
    for row in range(pid, n_rows, nprog):
        x_row = x_ptr + row * stride_x
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
        self.num_sms = torch.cuda.get_device_properties(0).multi_processor_count

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        block = min(triton.next_power_of_2(n_cols), 4096)
        grid = (min(n_rows, self.num_sms),)
        softmax_persistent[grid](x, y, n_rows, n_cols, x.stride(0), y.stride(0), BLOCK=block)
        return y
