"""Honest: a rotary-style modulation with the decode offset `start_pos` passed to the kernel as a runtime int
(0 on a fresh prompt, the cache length afterwards), one program per row."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def _modulate(x_ptr, y_ptr, n_cols, start_pos, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    c = tl.arange(0, BLOCK)
    m = c < n_cols
    x = tl.load(x_ptr + row * n_cols + c, mask=m)
    freq = tl.exp2(-(c.to(tl.float32) / n_cols) * 13.287712379549449)  # 10000 ** (-c / cols)
    pos = (start_pos + row).to(tl.float32)
    tl.store(y_ptr + row * n_cols + c, x * tl.cos(pos * freq), mask=m)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor, start_pos: int) -> torch.Tensor:
        x = x.contiguous()
        rows, cols = x.shape
        y = torch.empty_like(x)
        _modulate[(rows,)](x, y, cols, start_pos, BLOCK=triton.next_power_of_2(cols))
        return y
