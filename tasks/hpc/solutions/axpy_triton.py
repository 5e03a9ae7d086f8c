import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def axpy_kernel(x_ptr, y_ptr, z_ptr, alpha: tl.float64, n, BLOCK: tl.constexpr):
    # alpha is annotated: an unannotated Python float reaches a compiled kernel as fp32, 1e-8 off for most
    # values, where the fp64 result is held to 1e-14
    offs = tl.program_id(0).to(tl.int64) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    y = tl.load(y_ptr + offs, mask=mask, other=0.0)
    tl.store(z_ptr + offs, alpha * x + y, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, alpha: float):
        super().__init__()
        self.alpha = alpha

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        y = y.contiguous()
        z = torch.empty_like(x)
        n = x.numel()
        block = 2048
        axpy_kernel[(triton.cdiv(n, block),)](x, y, z, self.alpha, n, BLOCK=block)
        return z
