"""Honest: softplus with @triton.heuristics whose functions read the launch's arguments, a tensor's dtype and
element_size() included (args["x_ptr"].dtype, args["x_ptr"].element_size()), to pick the block and an
EVEN flag; the threshold branch of F.softplus with tl.where, and a while loop over the program's blocks."""

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.heuristics({
    "BLOCK": lambda args: 2048 // args["x_ptr"].element_size() if args["x_ptr"].dtype == torch.float32 else 256,
    "EVEN": lambda args: args["n"] % 512 == 0,
})
@triton.jit
def softplus_kernel(x_ptr, y_ptr, n, per_program, BLOCK: tl.constexpr, EVEN: tl.constexpr):
    start = tl.program_id(0) * per_program
    end = tl.minimum(start + per_program, n)
    while start < end:
        offs = start + tl.arange(0, BLOCK)
        if EVEN:
            x = tl.load(x_ptr + offs)
        else:
            x = tl.load(x_ptr + offs, mask=offs < end, other=0.0)
        y = tl.where(x > 20.0, x, tl.log(1.0 + tl.exp(x)))
        if EVEN:
            tl.store(y_ptr + offs, y)
        else:
            tl.store(y_ptr + offs, y, mask=offs < end)
        start += BLOCK


class ModelNew(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.empty_like(x)
        n = x.numel()
        per_program = 2048
        softplus_kernel[(triton.cdiv(n, per_program),)](x, y, n, per_program)
        return y
