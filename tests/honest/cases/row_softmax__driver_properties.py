"""Honest: persistent row softmax with the device lookups of Triton's tutorials: DEVICE from
triton.runtime.driver.active.get_active_torch_device() at module level, the SM count from
driver.active.utils.get_device_properties(DEVICE.index), and as many programs as SMs (capped by the rows)."""

import torch
import torch.nn as nn
import triton
import triton.language as tl
from triton.runtime import driver

DEVICE = triton.runtime.driver.active.get_active_torch_device()


@triton.jit
def softmax_persistent_kernel(out_ptr, in_ptr, in_stride, out_stride, n_rows, n_cols, BLOCK_SIZE: tl.constexpr):
    row_start = tl.program_id(0)
    row_step = tl.num_programs(0)
    for row_idx in tl.range(row_start, n_rows, row_step, num_stages=2):
        cols = tl.arange(0, BLOCK_SIZE)
        mask = cols < n_cols
        row = tl.load(in_ptr + row_idx * in_stride + cols, mask=mask, other=-float("inf"))
        row = row - tl.max(row, axis=0)
        num = tl.exp(row)
        tl.store(out_ptr + row_idx * out_stride + cols, num / tl.sum(num, axis=0), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        properties = driver.active.utils.get_device_properties(DEVICE.index)
        self.num_sm = properties["multiprocessor_count"]

    def forward(self, x):
        n_rows, n_cols = x.shape
        y = torch.empty_like(x)
        BLOCK_SIZE = triton.next_power_of_2(n_cols)
        num_programs = min(self.num_sm, n_rows)
        softmax_persistent_kernel[(num_programs, 1, 1)](y, x, x.stride(0), y.stride(0), n_rows, n_cols,
                                                        BLOCK_SIZE=BLOCK_SIZE, num_warps=8)
        return y
