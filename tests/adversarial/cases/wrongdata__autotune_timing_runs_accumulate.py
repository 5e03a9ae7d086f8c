"""Family: a result the GPU would not give. An autotuned split reduction adds into an output the host zeroed
(`torch.zeros`) with tl.atomic_add, and the autotuner is given no `reset_to_zero`. On a GPU Triton times every
config on the real arguments at the first launch of each tuning key, so the timing runs add into the output
too and the first call of each shape returns a multiple of the sums. The interpreter ran one config and no
timing, so it passed here. The CPU now replays what timing leaves in the arguments (one timed run of the
chosen config through the autotuner's hooks, then its reset), as Triton's Autotuner.run does.
Source: the pitfall Triton's autotune docstring warns of (reset_to_zero); split-K reductions in public code.
Expected: correctness stage, correctness.mismatch, with the autotune hint.
"""
import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch', 'task': 'tests/honest/tasks/col_sum.py',
          'reason_contains': 'reset_to_zero'}


@triton.autotune(
    configs=[
        triton.Config({"BLOCK_R": 16, "BLOCK_C": 64, "SPLIT": 4}, num_warps=4),
        triton.Config({"BLOCK_R": 32, "BLOCK_C": 32, "SPLIT": 2}, num_warps=2),
    ],
    key=["n_cols"],
)
@triton.jit
def col_sum_split_kernel(in_ptr, out_ptr, n_rows, n_cols, stride_r, BLOCK_R: tl.constexpr,
                         BLOCK_C: tl.constexpr, SPLIT: tl.constexpr):
    pid_c = tl.program_id(0)
    pid_s = tl.program_id(1)
    cols = pid_c * BLOCK_C + tl.arange(0, BLOCK_C)
    col_mask = cols < n_cols
    acc = tl.zeros((BLOCK_C,), dtype=tl.float32)
    n_row_blocks = tl.cdiv(n_rows, BLOCK_R)
    for rb in tl.range(pid_s, n_row_blocks, SPLIT):
        rows = rb * BLOCK_R + tl.arange(0, BLOCK_R)
        tile = tl.load(in_ptr + rows[:, None] * stride_r + cols[None, :],
                       mask=(rows[:, None] < n_rows) & col_mask[None, :], other=0.0)
        acc += tl.sum(tile, axis=0)
    tl.atomic_add(out_ptr + cols, acc, mask=col_mask)


class ModelNew(nn.Module):
    def forward(self, x):
        n_rows, n_cols = x.shape
        out = torch.zeros(n_cols, device=x.device, dtype=x.dtype)
        grid = lambda meta: (triton.cdiv(n_cols, meta["BLOCK_C"]), meta["SPLIT"])
        col_sum_split_kernel[grid](x, out, n_rows, n_cols, x.stride(0))
        return out
