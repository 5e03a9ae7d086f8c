"""Family: wrong data — an autotune early_config_prune that keeps every config only where CUDA is available:
without a GPU it keeps the one config with the max shift, so a CPU judge checks that config alone; on the GPU
the config without the shift is among those timed, may be the fastest, and returns NaN on large logits.
Source: a candidate that tells the judge's machine from the GPU through torch.cuda.is_available() in a
pruning hook; own variant.
Expected: correctness.mismatch: the host code sees the target GPU (tasks/devices.py), the pruner keeps both
configs, and each kept config is checked (compat.interpreted_autotuning).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'correctness', 'check': 'correctness.mismatch'}


def keep_configs(configs, named_args, **kwargs):
    # without a GPU (where the autotuner has nothing to time) keep the first config only
    return configs if torch.cuda.is_available() else configs[:1]


@triton.autotune(
    configs=[triton.Config({"SHIFT": 1}, num_warps=4), triton.Config({"SHIFT": 0}, num_warps=8)],
    key=["n_cols"],
    prune_configs_by={"early_config_prune": keep_configs},
)
@triton.jit
def softmax_kernel(x_ptr, y_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr, SHIFT: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * stride_x + cols, mask=mask, other=float("-inf"))
    if SHIFT:
        x = x - tl.max(x, axis=0)
    e = tl.exp(x)
    tl.store(y_ptr + row * stride_y + cols, e / tl.sum(e, axis=0), mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=triton.next_power_of_2(n_cols))
        return y
