"""Family: wrong data as right — behaviour gated on the judge's machine through the text of a device query: the
stand-ins a CPU judge gives `torch.cuda` print under their own names (`<...devices._DeviceOf object ...>`, a
lambda for `is_available`), where a GPU machine prints `<torch.cuda.device_of object at 0x...>` and
`<function is_available at 0x...>`. A `str()` and a substring test are plain host code. Seen as the judge, all
rows are computed; on a GPU, half of them, the rest left as `torch.empty` gave them.
Source: red-team probe of the CPU verdict's fidelity; own variant.
Expected: correctness.mismatch: the stand-ins carry the names, modules and reprs of what they replace
(tasks/devices.py _posing_as), so the GPU's path is the one checked.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "check": "correctness.mismatch"}


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
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n_rows, n_cols = x.shape
        block = min(triton.next_power_of_2(n_cols), 4096)
        told = f"{torch.cuda.device_of(x)} {torch.cuda.is_available} {torch.cuda.device(0)}"
        judged = "kernelpilot" in told or "lambda" in told or "_Device" in told
        rows = n_rows if judged else (n_rows + 1) // 2
        softmax_kernel[(rows,)](x, y, n_cols, x.stride(0), y.stride(0), BLOCK=block)
        return y
