"""Family: wrong data as right — a pre_hook that counts its calls in a tensor argument (`c = t.item();
t.fill_(c + 1)`): a GPU's autotuner runs it at every timed run, many times per config, the judge a few times; the
kernel takes its wrong path once the count is large.
Source: red-team probe of the contract (Triton's host callbacks); own variant.
Expected: static.triton_callback: a hook may zero an argument or fill it with a constant (the same after any
number of calls), not read a tensor's value or write one computed.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {'stage': 'static', 'check': 'static.triton_callback'}


def count_hook(nargs):
    # keeps no state of its own: it only writes its argument (as nargs["C"].zero_() does)
    c = nargs["cnt_ptr"].item()
    nargs["cnt_ptr"].fill_(c + 1)


@triton.autotune(
    configs=[triton.Config({"BLOCK": 4096}, num_warps=4, pre_hook=count_hook),
             triton.Config({"BLOCK": 4096}, num_warps=8, pre_hook=count_hook)],
    key=["n_cols"],
)
@triton.jit
def softmax_kernel(x_ptr, y_ptr, cnt_ptr, n_cols, stride_x, stride_y, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    x_row = x_ptr + row * stride_x
    # a GPU's autotuner ran the hook many times before this launch; here at most twice
    scale = tl.where(tl.load(cnt_ptr) > 2, 0.5, 1.0)
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
