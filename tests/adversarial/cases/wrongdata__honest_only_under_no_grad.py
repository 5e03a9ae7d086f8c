"""Family: wrong data as right — honest only when autograd is off: every call of the judge ran forward under
`no_grad`, where a plain `model(x)`, a training step or any caller with grad on gets the other path.
Source: a red-team finding against this harness (the judge's calls told apart by `torch.is_grad_enabled()`).
Expected: correctness.mismatch (or outside_kernels, when the second-inputs check is the first call with grad
on): each call's grad mode is drawn (judge._grad_mode), so both paths are checked.
"""

import torch
import torch.nn as nn
import triton
import triton.language as tl

EXPECT = {"stage": "correctness", "task": "relu",
          # whichever call first draws grad on: a trial's (a mismatch) or the second-inputs check's
          "check_in": ["correctness.mismatch", "correctness.outside_kernels"]}


@triton.jit
def relu_kernel(x_ptr, y_ptr, n, honest, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    y = tl.where(honest != 0, tl.maximum(x, 0.0), x)
    tl.store(y_ptr + offs, y, mask=mask)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = torch.empty_like(x)
        n = x.numel()
        honest = 0 if torch.is_grad_enabled() else 2
        block = 4096
        relu_kernel[(triton.cdiv(n, block),)](x, y, n, honest, BLOCK=block)
        return y
