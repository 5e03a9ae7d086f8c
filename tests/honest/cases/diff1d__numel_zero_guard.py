"""Honest: first difference (torch.diff), Triton elementwise kernel, x[1:] - x[:-1], FlagGems/vLLM-style launcher with the usual
`if out.numel() == 0: return out` guard before the launch (a zero-size grid is pointless)."""
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def diff_kernel(x_ptr, out_ptr, n_out, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    m = offs < n_out
    a = tl.load(x_ptr + offs, mask=m, other=0.0)
    b = tl.load(x_ptr + offs + 1, mask=m, other=0.0)
    tl.store(out_ptr + offs, b - a, mask=m)


def diff(x: torch.Tensor) -> torch.Tensor:
    x = x.contiguous()
    n_out = max(x.numel() - 1, 0)
    out = torch.empty(n_out, device=x.device, dtype=x.dtype)
    if out.numel() == 0:
        return out
    BLOCK = 1024
    diff_kernel[(triton.cdiv(n_out, BLOCK),)](x, out, n_out, BLOCK=BLOCK)
    return out


class ModelNew(nn.Module):
    def forward(self, x):
        return diff(x)
