"""Honest: a sequential recurrence, one program per channel, that reads back y[t-1] from the output it stored
one step before (a scalar store is thread 0's, and only thread 0's value reaches the next store)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def ema_kernel(x_ptr, y_ptr, T, C, decay):
    c = tl.program_id(0)
    tl.store(y_ptr + c, tl.load(x_ptr + c))
    for t in range(1, T):
        prev = tl.load(y_ptr + (t - 1) * C + c)
        xt = tl.load(x_ptr + t * C + c)
        tl.store(y_ptr + t * C + c, decay * prev + xt)


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        T, C = x.shape
        y = torch.empty_like(x)
        ema_kernel[(C,)](x, y, T, C, 0.9, num_warps=1)
        return y
