"""Family: wrong data as right — a pruner that keeps no state of its own but marks a tensor argument: a GPU's
autotuner prunes at a key's first launch only, so every later call's fresh mark tensor stays 0 and the kernel
scales its output by 0.5; the judge calls the pruner at every launch (to know the configs kept there), so the mark
is always set there.
Source: red-team probe of the contract (Triton's host callbacks); own variant.
Expected: static.triton_callback: a callback reads its arguments' shapes and keys and writes none of them (only a
hook may zero an argument or fill it with a constant).
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.triton_callback'}


def prune(configs, named_args, **kwargs):
    # keeps no state of its own: it marks its argument (a GPU's autotuner prunes once per key, here every launch)
    named_args["cnt_ptr"].fill_(1)
    return configs


@triton.autotune(
    configs=[triton.Config({"BLOCK": 4096}, num_warps=4),
             triton.Config({"BLOCK": 4096}, num_warps=8)],
    key=["n_cols"],
    prune_configs_by={"early_config_prune": prune},
)
@triton.jit
def softmax_kernel(x_ptr, y_ptr, cnt_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * stride_x
    # marked only where the pruner ran for this launch: every launch here, the key's first only on a GPU
    scale = tl.where(tl.load(cnt_ptr) == 1, 1.0, 0.5)
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
        tl.store(y_ptr + row * stride_y + start + cols, scale * tl.exp(x - row_max) / denom, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        cnt = torch.zeros(1, dtype=torch.int32, device=x.device)
        n_rows, n_cols = x.shape
        softmax_kernel[(n_rows,)](x, y, cnt, n_cols, x.stride(0), y.stride(0))
        return y
