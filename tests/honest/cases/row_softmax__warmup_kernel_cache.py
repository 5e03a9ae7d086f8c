"""Honest: the fused-softmax tutorial's earlier form: compiled kernels are kept in a dict, each with its
program count from the occupancy (`kernel.n_regs`, `kernel.metadata.shared`), and the compiled kernel is
launched with the runtime arguments only (the trailing constexprs left out, which the compiled launcher
skips). The tutorial keyed the dict by the block size alone, which is wrong on a GPU once a later call's
row length or stride lacks the divisibility by 16 the first compile assumed; keyed here by what the compile
specialises on as well."""

import torch
import torch.nn as nn
import triton
import triton.language as tl
from triton.runtime import driver

properties = driver.active.utils.get_device_properties(torch.cuda.current_device())
NUM_SM = properties["multiprocessor_count"]
NUM_REGS = properties["max_num_regs"]
SIZE_SMEM = properties["max_shared_mem"]
WARP_SIZE = properties["warpSize"]
kernels = {}


@triton.jit
def softmax_kernel(output_ptr, input_ptr, input_row_stride, output_row_stride, n_rows, n_cols,
                   BLOCK_SIZE: tl.constexpr):
    row_start = tl.program_id(0)
    row_step = tl.num_programs(0)
    for row_idx in tl.range(row_start, n_rows, row_step):
        offs = tl.arange(0, BLOCK_SIZE)
        mask = offs < n_cols
        row = tl.load(input_ptr + row_idx * input_row_stride + offs, mask=mask, other=-float("inf"))
        row = row - tl.max(row, axis=0)
        num = tl.exp(row)
        tl.store(output_ptr + row_idx * output_row_stride + offs, num / tl.sum(num, axis=0), mask=mask)


class ModelNew(nn.Module):
    def forward(self, x):
        n_rows, n_cols = x.shape
        BLOCK_SIZE = triton.next_power_of_2(n_cols)
        num_warps = 4 if BLOCK_SIZE <= 1024 else 8
        y = torch.empty_like(x)
        key = (BLOCK_SIZE, n_cols % 16 == 0, x.stride(0) % 16 == 0, y.stride(0) % 16 == 0, n_rows == 1)
        kernel, num_programs = kernels.get(key, (None, 0))
        if kernel is None:
            kernel = softmax_kernel.warmup(y, x, x.stride(0), y.stride(0), n_rows, n_cols, BLOCK_SIZE=BLOCK_SIZE,
                                           num_warps=num_warps, grid=(1, ))
            kernel._init_handles()
            occupancy = NUM_REGS // (kernel.n_regs * WARP_SIZE * num_warps)
            occupancy = min(occupancy, SIZE_SMEM // kernel.metadata.shared)
            num_programs = NUM_SM * occupancy
            kernels[key] = (kernel, num_programs)
        num_programs = min(num_programs, n_rows)
        kernel[(num_programs, 1, 1)](y, x, x.stride(0), y.stride(0), n_rows, n_cols)
        return y
